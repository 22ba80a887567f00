/* mobicrawl offline stub of gtm.js: the container loads (that is GTM firing) and, like a real
   container, pushes gtm.js/gtm.load events onto the dataLayer. */
(function () {
  var dl = window.dataLayer = window.dataLayer || [];
  dl.push({ event: "gtm.dom" });
  window.addEventListener("load", function () { dl.push({ event: "gtm.load" }); });
})();
