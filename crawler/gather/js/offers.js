// Offers: configured ones (selector and/or text regex) and promotional claims found by their words and
// markup, each a whole element with where it is and whether a visitor can see it. Hidden elements are
// scanned too, so an offer seen on desktop can be matched on a phone where it is hidden.
(opts, H) => {
  const MAX = 40;
  const MAX_TEXT = 200;  // longer blocks are descriptions or articles, not a claim
  const CLIMB = 5;
  const vh = window.innerHeight, vw = window.innerWidth;

  // Matching runs on a folded copy: Vietnamese diacritics dropped (đ -> d), same length, case kept.
  const fold = (s) => [...s].map((c) => (c === "đ" ? "d" : c === "Đ" ? "D" : c.normalize("NFD")[0])).join("");
  const PCT = String.raw`\d{1,2}(?:[.,]\d)?\s?%`;
  const MONEY = String.raw`(?:\d[\d.,]*\s?(?:₫|d\b|vnd\b|k\b|tr\b|trieu\b|usd\b|\$|€|£)|[$€£₫]\s?\d[\d.,]*)`;
  const FIGURE = `(?:${PCT}|${MONEY})`;
  const DISCOUNT_WORD = String.raw`(?:giam(?: gia)?|khuyen mai|uu dai|chiet khau|tiet kiem|sale(?: off)?|off|save|discount|deal|reduced|voucher|coupon)`;
  const CLAIMS = [
    new RegExp(String.raw`(?:^|[\s(])[-−–]\s?${PCT}`, "i"),                               // a "-30%" badge
    new RegExp(String.raw`\b${DISCOUNT_WORD}\b[^\d\n]{0,16}${FIGURE}`, "i"),               // "giảm đến 50%", "save $10"
    new RegExp(String.raw`${FIGURE}\s?(?:off|giam|discount)\b`, "i"),                      // "30% off"
    /\b(?:free ?ship(?:ping)?|free delivery|mien phi (?:van chuyen|giao hang|ship))\b/i,   // free shipping
    /\b(?:tang kem|qua tang|mua \d+ tang \d+|free gift|gift with (?:purchase|every order)|buy (?:one|\d+),? get (?:one|\d+)|bogo)\b/i,
    /\b(?:flash ?sale|gio vang|deal soc|sale soc)\b/i,
    new RegExp(String.raw`\b(?:ends? in|ending in|ket thuc (?:sau|trong)|con lai|chi con)\b[^\n]{0,12}\d{1,2}\s?:\s?\d{2}`, "i"),
  ];
  // a code the visitor types: an upper-case word with a digit, or a known code word, after the keyword
  const CODE = /\b(?:coupon|voucher|(?:promo|discount|coupon|voucher|use|enter) code|ma giam gia|ma khuyen mai|ma uu dai|nhap ma)\s?[:\-–]?\s?(?:la\s)?["“«]?([A-Z][A-Z0-9]{3,15})\b/i;
  const HAS_FIGURE = new RegExp(`${FIGURE}|\\d`, "i");
  const MONEY_ALL = new RegExp(MONEY, "gi");
  const NOT_CLAIM = "nav, [role=navigation], [role=menu], [role=menubar], menu, footer, [role=contentinfo], "
    + "form, label, legend, select, option, textarea, [itemprop=description]";
  const BOX_WORDS = /newsletter|subscribe|signup|sign-up|dang-ky|account|login|register|description|mo-ta/i;
  const FIELD = "input:not([type=hidden]):not([type=submit]):not([type=button]), textarea";
  const SKIP_TAGS = /^(script|style|noscript|template|svg|option|title|input|select|textarea)$/;

  // Each element's cleaned text, computed once per scan: every text node climbs through the same
  // ancestors, and a big table's text rebuilt for each of its cells made heavy pages take seconds.
  const texts = new Map();
  const textOf = (el) => {
    let text = texts.get(el);
    if (text === undefined) texts.set(el, (text = H.clean(el.textContent)));
    return text;
  };

  const isCode = (text) => {
    const m = CODE.exec(text);
    return !!m && m[1] === m[1].toUpperCase() && !/^(COUPON|VOUCHER|CODE)$/.test(m[1]);
  };
  const isClaim = (folded) => !folded.trim().endsWith("?") && (CLAIMS.some((re) => re.test(folded)) || isCode(folded));
  const isStruck = (el) => /^(del|s|strike)$/.test(el.localName) || getComputedStyle(el).textDecorationLine.includes("line-through");
  const moneyCount = (folded) => (folded.match(MONEY_ALL) || []).length;
  // a newsletter, account or description box: named so, or a small box holding a field to type in
  const inBox = (el) => {
    for (let a = el, i = 0; a && a !== document.body && i < 4; a = a.parentElement, i++) {
      if (BOX_WORDS.test(`${a.id} ${typeof a.className === "string" ? a.className : ""}`)) return true;
      if (textOf(a).length <= MAX_TEXT && a.querySelector(FIELD)) return true;
    }
    return false;
  };
  const isInline = (el) => ["inline", "contents"].includes(getComputedStyle(el).display);

  // The smallest element around a text node that reads as a whole claim (a heading alone needs a figure).
  function claimAround(start) {
    const struck = isStruck(start) && moneyCount(fold(textOf(start))) > 0;
    for (let a = start, i = 0; a && a !== document.body && i < CLIMB; a = a.parentElement, i++) {
      if (textOf(a).length > MAX_TEXT) return null;
      const text = fold(textOf(a));
      const link = a.closest("a");
      if (link && !/\d/.test(link.textContent)) return null;  // a link naming promotions, with no figure
      if (/^h[1-6]$/.test(a.localName) && !HAS_FIGURE.test(text)) continue;
      if (isClaim(text) || (struck && moneyCount(text) >= 2)) return a;
    }
    return null;
  }

  // An inline claim grows to its block, so the report shows the whole sentence, not a fragment of it.
  function wholeElement(el) {
    let node = el;
    while (node.parentElement && node.parentElement !== document.body && isInline(node)
           && textOf(node.parentElement).length <= MAX_TEXT) node = node.parentElement;
    return node;
  }

  function hiddenReason(el) {
    const chain = [];
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) chain.push(a);
    for (const a of chain) {
      const s = getComputedStyle(a);
      if (s.display === "none") return "display: none" + (a === el ? "" : ` on ${H.selector(a)}`);
      if (a.getAttribute("aria-hidden") === "true" && /slide|carousel|swiper|slick/i.test(a.className)) return "inactive carousel slide";
    }
    const s = getComputedStyle(el);
    if (s.visibility !== "visible") return "visibility: hidden";
    for (const a of chain) if (parseFloat(getComputedStyle(a).opacity) === 0) return "opacity: 0";
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return "zero size";
    return null;
  }

  function judge(el) {
    const box = H.box(el);
    const out = { text: H.words(el.innerText, 160), key: H.clean(el.textContent).toLowerCase().slice(0, 80),
                  selector: H.selector(el), box, rendered: false, visible: false, reason: null,
                  covered_by: null, above_fold: false };
    out.reason = hiddenReason(el);
    if (out.reason) return out;
    out.rendered = true;
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.bottom + window.scrollY <= 0 || r.left >= Math.max(vw, document.documentElement.scrollWidth)) {
      out.reason = "placed off-screen";
      return out;
    }
    for (let a = H.clippingAncestor(el); a; a = H.clippingAncestor(a)) {
      const c = a.getBoundingClientRect();
      const visibleW = Math.min(r.right, c.right) - Math.max(r.left, c.left);
      const visibleH = Math.min(r.bottom, c.bottom) - Math.max(r.top, c.top);
      if (visibleW <= 0 || visibleH <= 0 || visibleW * visibleH < 0.25 * r.width * r.height) {
        const slide = el.closest("[class*=slide], [class*=carousel], [class*=swiper]");
        out.reason = slide ? "inactive carousel slide" : `clipped by ${H.selector(a)}`;
        return out;
      }
    }
    // Sample points of the part inside the first screen; the topmost element there must be the offer.
    const points = [];
    for (const fx of [0.25, 0.5, 0.75]) for (const fy of [0.3, 0.7]) {
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      if (x >= 0 && x < vw && y >= 0 && y < vh) points.push([x, y]);
    }
    let covered = 0, coverer = null;
    for (const [x, y] of points) {
      const top = document.elementFromPoint(x, y);
      if (top && top !== el && !el.contains(top) && !top.contains(el)) {
        covered++;
        let layer = top;
        for (let a = top; a && a.nodeType === 1; a = a.parentElement) if (H.isFixedOrSticky(a)) layer = a;
        coverer = coverer || layer;
      }
    }
    if (points.length && covered * 2 >= points.length) {
      out.covered_by = H.selector(coverer);
      out.reason = `covered by ${out.covered_by}`;
      return out;
    }
    out.visible = true;
    out.above_fold = r.top + window.scrollY < vh;
    return out;
  }

  function toRegExp(spec) {
    try { return spec.text_source ? new RegExp(spec.text_source, spec.text_flags || "u") : null; }
    catch (e) { return null; }
  }

  const ownText = (el) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ");
  const configured = (opts.configured || []).map((spec) => {
    const re = toRegExp(spec);
    let els = spec.selector ? [...document.querySelectorAll(spec.selector)] : [];
    if (re) {
      if (spec.selector) els = els.filter((el) => re.test(H.clean(el.textContent)));
      else els = [...document.body.querySelectorAll("*")].filter((el) => re.test(H.clean(ownText(el)))).map(wholeElement);
    }
    return { name: spec.name, matches: [...new Set(els)].slice(0, 5).map(judge) };
  });

  const targets = new Set();
  const walker = document.body ? document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT) : null;
  for (let node = walker && walker.nextNode(); node && targets.size < MAX; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || SKIP_TAGS.test(el.localName) || el.closest(NOT_CLAIM) || inBox(el)) continue;
    const claim = claimAround(el);
    if (claim) targets.add(wholeElement(claim));
  }
  // of nested candidates keep the innermost: it is what the visitor reads
  const list = [...targets];
  const found = list.filter((t) => !list.some((o) => o !== t && t.contains(o))).map(judge);
  return { configured, found };
}
