/* mobicrawl offline stub of TikTok's events.js: reads the ttq queue, POSTs the same JSON beacons. */
(function () {
  var ttq = window.ttq;
  if (!ttq || ttq.__mobicrawlStub) return;
  ttq.__mobicrawlStub = true;
  var ids = Object.keys(ttq._i || {});
  function send(event) {
    ids.forEach(function (code) {
      fetch("https://analytics.tiktok.com/api/v2/pixel", {
        method: "POST", keepalive: true, headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ event: event, context: { pixel: { code: code }, page: { url: location.href } } })
      }).catch(function () {});
    });
  }
  function handle(call) {
    if (call[0] === "page") send("Pageview");
    if (call[0] === "track") send(call[1]);
  }
  var queued = ttq.slice ? ttq.slice() : [];
  ttq.length = 0;
  ttq.page = function () { send("Pageview"); };
  ttq.track = function (ev) { send(ev); };
  queued.forEach(handle);
})();
