// Offers: configured ones (selector and/or text regex) and offer-like elements found by their words,
// each with where it is and whether a visitor can see it. Hidden elements are scanned too, so an offer
// seen on desktop can be matched on a phone where it is hidden.
(opts, H) => {
  const MAX = 40;
  const WORDS = new RegExp([
    "\\d{1,2}\\s?%\\s?(off|giảm|giam)?", "(giảm|giam|off|sale)\\s?\\d{1,3}(\\.\\d{3})*\\s?(%|đ|₫|vnd)",
    "giảm giá", "giam gia", "khuyến mãi", "khuyen mai", "ưu đãi", "uu dai", "miễn phí vận chuyển",
    "mien phi van chuyen", "free shipping", "mã giảm giá", "ma giam gia", "\\btặng\\b", "\\btang kem\\b",
    "flash sale", "sale off", "\\bcoupon\\b", "\\bvoucher\\b", "\\bdiscount\\b", "\\bpromo code\\b",
  ].join("|"), "i");
  const PRICE = /\d[\d.,]*\s?(₫|đ|vnd|\$|usd)|(\$|₫)\s?\d/i;
  const BLOCK = /^(div|section|article|aside|li|p|h[1-6]|figure|header|footer|td|dd|main|form|a|button|strong|b)$/;
  const vh = window.innerHeight, vw = window.innerWidth;

  const ownText = (el) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ");
  const inNavigation = (el) => !!el.closest("nav, [role=navigation], [role=menu], [role=menubar], menu");
  const isBlock = (el) => BLOCK.test(el.localName);
  const container = (el) => {
    let node = el;
    for (let i = 0; i < 2 && node.parentElement && !isBlock(node) && node.parentElement !== document.body; i++) node = node.parentElement;
    return node;
  };

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
    const out = { text: H.cut(el.textContent, 80), key: H.clean(el.textContent).toLowerCase().slice(0, 80),
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
        for (let a = top; a && a.nodeType === 1; a = a.parentElement) {
          const p = getComputedStyle(a).position;
          if (p === "fixed" || p === "sticky") layer = a;
        }
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

  const configured = (opts.configured || []).map((spec) => {
    const re = toRegExp(spec);
    let els = spec.selector ? [...document.querySelectorAll(spec.selector)] : [];
    if (re) {
      if (spec.selector) els = els.filter((el) => re.test(H.clean(el.textContent)));
      else els = [...document.body.querySelectorAll("*")].filter((el) => re.test(H.clean(ownText(el)))).map(container);
    }
    return { name: spec.name, matches: [...new Set(els)].slice(0, 5).map(judge) };
  });

  const targets = [];
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    if (targets.length >= MAX || /^(script|style|noscript|template|svg|option|title)$/.test(el.localName)) continue;
    const own = H.clean(ownText(el));
    const crossed = /^(del|s|strike)$/.test(el.localName) && PRICE.test(H.clean(el.textContent));
    if (!crossed && !(own && WORDS.test(own))) continue;
    if (inNavigation(el)) continue;
    const link = el.closest("a");
    if (link && !/\d/.test(link.textContent)) continue;  // a link naming promotions, with no figure: navigation
    const target = crossed ? container(el.parentElement || el) : container(el);
    if (!targets.includes(target)) targets.push(target);
  }
  // of nested candidates keep the innermost: it is what the visitor reads
  const found = targets.filter((t) => !targets.some((o) => o !== t && t.contains(o))).map(judge);
  return { configured, found };
}
