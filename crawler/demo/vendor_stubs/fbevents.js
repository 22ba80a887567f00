/* mobicrawl offline stub of Meta's fbevents.js: reads the fbq queue, sends the same /tr beacons. */
(function () {
  var fbq = window.fbq;
  if (!fbq || fbq.__mobicrawlStub) return;
  var ids = [];
  function send(id, ev) {
    new Image().src = "https://www.facebook.com/tr?id=" + encodeURIComponent(id) + "&ev=" + encodeURIComponent(ev) + "&noscript=0&dl=" + encodeURIComponent(location.href) + "&ts=" + Date.now() + "&r=" + Math.random().toString(36).slice(2);
  }
  function handle(args) {
    var cmd = args[0];
    if (cmd === "init" && ids.indexOf(String(args[1])) < 0) ids.push(String(args[1]));
    if (cmd === "track" || cmd === "trackCustom") ids.forEach(function (id) { send(id, args[1]); });
  }
  fbq.callMethod = function () { handle(arguments); };
  fbq.__mobicrawlStub = true;
  var queued = fbq.queue || [];
  fbq.queue = [];
  queued.forEach(handle);
})();
