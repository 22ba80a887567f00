// Pixel installs in the DOM: script URLs, inline tag snippets, noscript pixels, consent-blocked scripts.
(opts, H) => {
  const MAX_TEXT = 20000, MAX_SCRIPTS = 80;
  const scripts = [], inline = [], blocked = [];
  for (const s of document.querySelectorAll("script")) {
    const type = (s.getAttribute("type") || "").toLowerCase();
    const isBlocked = type === "text/plain" || s.hasAttribute("data-cookieconsent") ||
      /optanon-category|cmplz|cookieyes|didomi/i.test(s.className);
    const src = s.src || s.getAttribute("data-src") || "";
    const text = (s.textContent || "").slice(0, MAX_TEXT);
    if (isBlocked && type === "text/plain") {
      if (blocked.length < MAX_SCRIPTS) blocked.push({ src, text, marks: s.className || s.getAttribute("data-cookieconsent") || "" });
    } else if (src) {
      if (scripts.length < MAX_SCRIPTS) scripts.push(src);
    } else if (text.trim() && inline.length < MAX_SCRIPTS) {
      inline.push(text);
    }
  }
  const noscript = [...document.querySelectorAll("noscript")].map((n) => (n.textContent || "").slice(0, 2000)).slice(0, 20);
  return { scripts, inline, noscript, blocked };
}
