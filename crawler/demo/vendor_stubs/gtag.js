/* mobicrawl offline stub of gtag.js: reads dataLayer, sends GA4 /g/collect and Google Ads hits, with
   consent mode's gcs and gcd parameters once the page sets a consent default or update. */
(function () {
  var dl = window.dataLayer = window.dataLayer || [];
  if (dl.__mobicrawlStub) return;
  dl.__mobicrawlStub = true;
  var configs = [];
  var SIGNALS = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"];
  var consent = { "default": {}, update: {} };
  // gcd letter per (default, update): "l" when neither was set.
  var LETTERS = { "-": "l", "denied-": "p", "granted-": "t", "denied-denied": "q", "denied-granted": "r",
                  "granted-granted": "v", "granted-denied": "u", "-denied": "m", "-granted": "n" };
  function state(signal) { return consent.update[signal] || consent["default"][signal]; }
  function consentParams() {
    if (!Object.keys(consent["default"]).length && !Object.keys(consent.update).length) return "";
    var flag = function (s) { return state(s) ? (state(s) === "granted" ? "1" : "0") : "-"; };
    var gcd = "11" + SIGNALS.map(function (s) {
      return LETTERS[(consent["default"][s] || "") + "-" + (consent.update[s] || "")] || "l";
    }).join("1") + "5";
    return "&gcs=G1" + flag("ad_storage") + flag("analytics_storage") + "&gcd=" + gcd;
  }
  function ga4(tid, en) {
    var url = "https://region1.google-analytics.com/g/collect?v=2&tid=" + encodeURIComponent(tid) + "&en=" + encodeURIComponent(en) + consentParams() + "&dl=" + encodeURIComponent(location.href);
    if (navigator.sendBeacon) navigator.sendBeacon(url); else new Image().src = url;
  }
  function handle(args) {
    if (!args || typeof args.length !== "number") return;
    var cmd = args[0], id = String(args[1] || "");
    if (cmd === "consent" && consent[id] && args[2]) {
      SIGNALS.forEach(function (s) { if (args[2][s]) consent[id][s] = args[2][s]; });
    } else if (cmd === "config") {
      configs.push(id);
      if (id.indexOf("G-") === 0) ga4(id, "page_view");
      if (id.indexOf("AW-") === 0) new Image().src = "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/" + id.slice(3) + "/?random=" + Math.random().toString(36).slice(2) + consentParams();
    } else if (cmd === "event") {
      configs.filter(function (c) { return c.indexOf("G-") === 0; }).forEach(function (c) { ga4(c, id); });
    }
  }
  var push = dl.push;
  dl.push = function () { for (var i = 0; i < arguments.length; i++) handle(arguments[i]); return push.apply(dl, arguments); };
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
})();
