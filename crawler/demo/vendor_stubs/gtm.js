/* mobicrawl offline stub of gtm.js. Like a real container it starts with its data (the tags it holds,
   in Google's format) and pushes gtm.dom/gtm.load onto the dataLayer; at gtm.load it fires its Google
   tags (__gaawc, __googtag) by loading gtag.js. Other tag types are held but not fired, as a tag whose
   trigger did not match. */
(function () {
  var dl = window.dataLayer = window.dataLayer || [];
  function fire(tag) {
    var id = tag.vtp_measurementId || tag.vtp_tagId;
    if (!id || (tag["function"] !== "__gaawc" && tag["function"] !== "__googtag")) return;
    dl.push(["js", new Date()]);
    dl.push(["config", id]);
    var script = document.createElement("script");
    script.async = true;
    script.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(id);
    document.head.appendChild(script);
  }
  function load() {
    dl.push({ event: "gtm.load" });
    data.resource.tags.forEach(fire);
  }
  dl.push({ event: "gtm.dom" });
  if (document.readyState === "complete") load(); else window.addEventListener("load", load);
})();
