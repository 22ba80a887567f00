// Layout facts for the Mobile-Friendly checks: sizes, text runs, tap targets, overflow, plugins, layers.
(opts, H) => {
  const root = document.documentElement;
  const body = document.body || root;
  const all = [...body.querySelectorAll("*")];
  const styles = new Map();
  const style = (el) => {
    if (!styles.has(el)) styles.set(el, getComputedStyle(el));
    return styles.get(el);
  };
  const docRect = (r) => ({
    x: Math.round(r.left + scrollX), y: Math.round(r.top + scrollY),
    w: Math.round(r.width), h: Math.round(r.height),
  });
  // Memoised walks up the tree: pages with thousands of targets ask the same ancestors again and again.
  const memo = (fn) => {
    const cache = new Map();
    return (el) => {
      if (!cache.has(el)) cache.set(el, fn(el));
      return cache.get(el);
    };
  };
  const upTree = (test) => {
    const f = memo((el) => !!el && el.nodeType === 1 && (test(el) || f(el.parentElement)));
    return f;
  };
  const inFixed = upTree((el) => style(el).position === "fixed");
  const inFixedOrSticky = upTree((el) => /^(fixed|sticky)$/.test(style(el).position));
  const textLength = memo((el) => (el.textContent || "").length);
  const hasOwnText = memo((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim()));
  const max = (n, fallback) => opts[n] || fallback;
  // Inside a clipping box of 1px or less: the screen-reader-only pattern.
  const srOnly = memo((el) => {
    if (!el || el === body || el.nodeType !== 1) return false;
    const r = el.getBoundingClientRect();
    return (style(el).overflowX !== "visible" && (r.width <= 1 || r.height <= 1)) || srOnly(el.parentElement);
  });

  // ---- text runs: visible text grouped by parent element, with the computed font size ----
  const bySize = {};
  const runs = new Map();
  const textRight = new Map(); // element -> right edge of its own text (text can spill out of its box)
  let totalChars = 0;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = H.clean(node.data).length;
    const el = node.parentElement;
    if (!chars || !el || /^(script|style|noscript|template|title)$/.test(el.localName)) continue;
    if (!H.isRendered(el) || srOnly(el)) continue;
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    // Zero-size, 1px-clipped or pushed left off the page (screen-reader text): nobody sees it.
    if (r.width <= 1 || r.height <= 1 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0) continue;
    textRight.set(el, Math.max(textRight.get(el) || 0, r.right));
    const size = Math.round(parseFloat(style(el).fontSize) * 10) / 10;
    totalChars += chars;
    bySize[size] = (bySize[size] || 0) + chars;
    const run = runs.get(el) || { el, font_size: size, chars: 0 };
    run.chars += chars;
    runs.set(el, run);
  }
  const textRuns = [...runs.values()]
    .sort((a, b) => a.font_size - b.font_size || b.chars - a.chars)
    .slice(0, max("max_runs", 200))
    .map((r) => ({
      selector: H.selector(r.el), font_size: r.font_size, chars: r.chars, text: H.text(r.el), box: H.box(r.el),
    }));

  // ---- tap targets (Lighthouse's selector and flags; the check decides what is exempt) ----
  const TARGETS = "button,a,input,textarea,select,option,[role=button],[role=checkbox],[role=link],[role=menuitem]," +
    "[role=menuitemcheckbox],[role=menuitemradio],[role=option],[role=scrollbar],[role=slider],[role=spinbutton]";
  // Lighthouse's test for a link inside running text: an inline ancestor-or-self sits among text nodes.
  const inTextBlock = (el) => {
    for (let e = el; e && e.parentElement; e = e.parentElement) {
      const d = style(e).display;
      if (d !== "inline" && d !== "inline-block") return false;
      if (textLength(e.parentElement) - textLength(e) >= 5 && hasOwnText(e.parentElement)) return true;
    }
    return false;
  };
  const ownRects = (el) => [...el.getClientRects(), ...[...el.children].flatMap(ownRects)];
  const targets = [];
  for (const el of body.querySelectorAll(TARGETS)) {
    if (!H.isRendered(el) || (el.localName === "input" && el.type === "hidden")) continue;
    const clip = H.clippingAncestor(el);
    const clipRect = clip && clip.getBoundingClientRect();
    const shown = (r) => !clipRect ||
      (r.right > clipRect.left && r.left < clipRect.right && r.bottom > clipRect.top && r.top < clipRect.bottom);
    const rects = ownRects(el).filter((r) => r.width > 0 && r.height > 0 && shown(r)).map(docRect);
    if (!rects.length || targets.length >= max("max_targets", 3000)) continue;
    targets.push({
      selector: H.selector(el),
      text: H.text(el, 60) || H.cut(el.getAttribute("aria-label") || el.getAttribute("title") || el.value || "", 60),
      href: el.href && typeof el.href === "string" ? el.href : "",
      rects, fixed: inFixedOrSticky(el), nested: !!el.parentElement.closest(TARGETS), in_text: inTextBlock(el),
    });
  }

  // ---- elements whose right edge passes the layout viewport ----
  const limit = root.clientWidth;
  const longWord = (el) => {
    const words = [...el.childNodes].filter((n) => n.nodeType === 3).flatMap((n) => n.data.split(/\s+/));
    const word = words.sort((a, b) => b.length - a.length)[0] || "";
    const s = style(el);
    const breaks = s.overflowWrap !== "normal" || s.wordBreak === "break-all" || s.whiteSpace === "pre";
    return word.length >= 20 && !breaks ? word : null;
  };
  // The width or min-width in absolute units that a style rule (or the style attribute) gives the element.
  const fixedWidth = (el) => {
    const decl = (s) => ["width", "min-width"].map((p) => [p, s.getPropertyValue(p)])
      .find(([, v]) => /\d(px|em|rem|pt|cm|mm|in)$/.test(v.trim()));
    const found = (d) => d && d.join(": ");
    const visit = (rules) => {
      for (const rule of rules) {
        if (rule.media && !matchMedia(rule.media.mediaText).matches) continue;
        let hit = null;
        if (rule.cssRules && !rule.selectorText) hit = visit(rule.cssRules);
        else if (rule.selectorText) {
          try {
            hit = el.matches(rule.selectorText) && found(decl(rule.style));
          } catch (e) { /* a selector this engine cannot match */ }
        }
        if (hit) return hit;
      }
      return null;
    };
    const inline = found(decl(el.style));
    if (inline) return inline;
    for (const sheet of document.styleSheets) {
      try {
        const hit = visit(sheet.cssRules);
        if (hit) return hit;
      } catch (e) { /* cross-origin sheet: its rules cannot be read */ }
    }
    return null;
  };
  const cause = (el) => {
    const tag = el.localName;
    if (/^(img|picture|video|canvas|svg|iframe|embed|object)$/.test(tag)) return ["media", tag];
    const width = fixedWidth(el);
    if (width) return ["fixed-width", width];
    if (tag === "table") return ["table", null];
    if (tag === "pre" || style(el).whiteSpace === "pre" || style(el).whiteSpace === "nowrap") return ["no-wrap", tag];
    const word = longWord(el);
    if (word) return ["long-word", H.cut(word, 40)];
    const pos = style(el).position;
    if (pos === "absolute" || pos === "relative") return ["positioned", pos];
    return [null, null];
  };
  // An element that an overflowing ancestor already reaches past is not listed: the ancestor explains it.
  const overflow = [];
  const reach = new Map();
  const explained = (el, right) => {
    for (let a = el.parentElement; a; a = a.parentElement) if (reach.has(a) && reach.get(a) >= right) return true;
    return false;
  };
  for (const el of all) {
    const r = el.getBoundingClientRect();
    const right = Math.max(r.right, textRight.get(el) || 0);
    if (right + scrollX <= limit + 1 || r.width <= 1 || r.height <= 1) continue;
    if (explained(el, right) || !H.isRendered(el) || H.clippingAncestor(el) || inFixed(el)) continue;
    reach.set(el, right);
    const [kind, detail] = cause(el);
    const box = { ...H.box(el), w: Math.round(right - r.left) };
    overflow.push({ selector: H.selector(el), tag: el.localName, box, cause: kind, detail, text: H.text(el, 60) });
  }
  overflow.sort((a, b) => b.box.w - a.box.w);

  // ---- plugin content ----
  const plugins = [...document.querySelectorAll("applet, embed, object")].map((el) => ({
    tag: el.localName, selector: H.selector(el),
    type: el.getAttribute("type") || "", classid: el.getAttribute("classid") || "",
    src: ["src", "data", "code", "archive"].map((a) => el.getAttribute(a)).find(Boolean) || "",
    params: [...el.querySelectorAll(":scope > param")]
      .map((p) => ({ name: p.getAttribute("name") || "", value: p.getAttribute("value") || "" })),
    box: H.box(el), text: H.text(el, 60),
  }));

  // ---- fixed and sticky layers (outermost only), with the part that actually paints ----
  const paints = (s) => {
    const bg = s.backgroundColor.match(/[\d.]+/g);
    const opaque = bg && (bg.length < 4 || parseFloat(bg[3]) > 0);
    return opaque || s.backgroundImage !== "none" || s.backdropFilter !== "none";
  };
  const coverRects = (el, depth) => {
    if (paints(style(el)) || depth > 3 || hasOwnText(el) || !el.children.length) {
      return [el.getBoundingClientRect()];
    }
    return [...el.children].filter((c) => H.isRendered(c)).flatMap((c) => coverRects(c, depth + 1));
  };
  const layers = [];
  for (const el of all) {
    const pos = style(el).position;
    if (pos !== "fixed" && pos !== "sticky") continue;
    if (el.parentElement !== body && inFixedOrSticky(el.parentElement)) continue;
    if (!H.isRendered(el)) continue;
    const rects = coverRects(el, 0).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const bound = (k, f) => f(...rects.map((r) => r[k]));
    const left = bound("left", Math.min), top = bound("top", Math.min);
    layers.push({
      selector: H.selector(el), position: pos, box: H.box(el),
      cover: docRect({ left, top, width: bound("right", Math.max) - left, height: bound("bottom", Math.max) - top }),
      cover_rects: rects.slice(0, 20).map(docRect), z_index: style(el).zIndex,
      scrollable: el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(style(el).overflowY),
      chars: H.clean(el.innerText).length, text: H.text(el),
    });
  }

  return {
    viewport: {
      inner_width: innerWidth, inner_height: innerHeight,
      client_width: root.clientWidth, client_height: root.clientHeight,
      screen_width: screen.width, screen_height: screen.height, scale: window.visualViewport ? visualViewport.scale : 1,
      scroll_x: Math.round(scrollX), scroll_y: Math.round(scrollY),
    },
    document: { width: root.scrollWidth, height: root.scrollHeight },
    text: { total_chars: totalChars, chars_by_size: bySize, runs: textRuns },
    targets,
    overflow: overflow.slice(0, max("max_overflow", 30)),
    overflow_count: overflow.length,
    plugins,
    layers,
  };
}
