/* mobicrawl offline stub of gtag.js: reads dataLayer, sends GA4 /g/collect and Google Ads hits. */
(function () {
  var dl = window.dataLayer = window.dataLayer || [];
  if (dl.__mobicrawlStub) return;
  dl.__mobicrawlStub = true;
  var configs = [];
  function ga4(tid, en) {
    var url = "https://region1.google-analytics.com/g/collect?v=2&tid=" + encodeURIComponent(tid) + "&en=" + encodeURIComponent(en) + "&dl=" + encodeURIComponent(location.href);
    if (navigator.sendBeacon) navigator.sendBeacon(url); else new Image().src = url;
  }
  function handle(args) {
    if (!args || typeof args.length !== "number") return;
    var cmd = args[0], id = String(args[1] || "");
    if (cmd === "config") {
      configs.push(id);
      if (id.indexOf("G-") === 0) ga4(id, "page_view");
      if (id.indexOf("AW-") === 0) new Image().src = "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/" + id.slice(3) + "/?random=" + Math.random().toString(36).slice(2);
    } else if (cmd === "event") {
      configs.filter(function (c) { return c.indexOf("G-") === 0; }).forEach(function (c) { ga4(c, id); });
    }
  }
  var push = dl.push;
  dl.push = function () { for (var i = 0; i < arguments.length; i++) handle(arguments[i]); return push.apply(dl, arguments); };
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
})();
