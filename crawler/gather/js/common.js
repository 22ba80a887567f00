// Helpers shared by the gather modules. Evaluated once per render: `() => H`.
() => {
  const H = {};
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();

  H.clean = clean;
  H.cut = (s, max = 80) => {
    const t = clean(s);
    return t.length > max ? t.slice(0, max - 1) + "…" : t;
  };
  // at most `max` characters, cut after a whole word
  H.words = (s, max = 160) => {
    const t = clean(s);
    if (t.length <= max) return t;
    const head = t.slice(0, max);
    const space = head.lastIndexOf(" ");
    return (space > max / 2 ? head.slice(0, space) : head.slice(0, max - 1)).replace(/[\s,.;:–-]+$/, "") + "…";
  };
  H.text = (el, max = 80) => H.cut(el.innerText !== undefined ? el.innerText : el.textContent, max);

  // nth-of-type position (0 when the only one of its tag), indexed once per parent: pages with
  // thousands of siblings would otherwise cost a scan of them all per selector.
  const positions = new WeakMap();
  const typePosition = (node) => {
    const parent = node.parentElement;
    if (!positions.has(parent)) {
      const counts = {};
      const index = new Map();
      for (const c of parent.children) index.set(c, (counts[c.localName] = (counts[c.localName] || 0) + 1));
      positions.set(parent, { counts, index });
    }
    const { counts, index } = positions.get(parent);
    return counts[node.localName] > 1 ? index.get(node) : 0;
  };

  // A short CSS selector that finds this element again: an id where it is unique,
  // otherwise up to four levels of tag.class:nth-of-type.
  H.selector = (el) => {
    if (!(el instanceof Element)) return "";
    const esc = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s);
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && parts.length < 4) {
      if (node.id && document.querySelectorAll("#" + esc(node.id)).length === 1) {
        parts.unshift("#" + esc(node.id));
        break;
      }
      let part = node.localName;
      const classes = [...node.classList].filter((c) => /^[A-Za-z_-][\w-]*$/.test(c)).slice(0, 2);
      if (classes.length) part += "." + classes.map(esc).join(".");
      const parent = node.parentElement;
      const nth = parent ? typePosition(node) : 0;
      if (nth) part += `:nth-of-type(${nth})`;
      parts.unshift(part);
      if (node.localName === "body" || node.localName === "html") break;
      node = parent;
    }
    return parts.join(" > ");
  };

  // Box in document coordinates (CSS px), rounded; the first screen is y < viewport height.
  H.box = (el) => {
    const r = el.getBoundingClientRect();
    return {
      x: Math.round(r.left + window.scrollX),
      y: Math.round(r.top + window.scrollY),
      w: Math.round(r.width),
      h: Math.round(r.height),
    };
  };

  // Rendered: not display:none / visibility:hidden / opacity:0 anywhere up the tree, and has size.
  H.isRendered = (el) => {
    if (!el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };

  // The nearest ancestor with overflow other than visible, or null.
  H.clippingAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" || s.overflowY !== "visible" || s.clipPath !== "none") return a;
    }
    return null;
  };

  // The element itself is positioned fixed or sticky (callers walk up the tree as they need).
  H.isFixedOrSticky = (el) => /^(fixed|sticky)$/.test(getComputedStyle(el).position);

  return H;
}
