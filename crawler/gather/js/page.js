// Page basics: title, viewport meta, language and the links to crawl (from the rendered DOM).
(opts, H) => {
  const metas = [...document.querySelectorAll('meta[name="viewport" i]')];
  const links = new Set();
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    const href = a.href;
    if (typeof href === "string" && /^https?:/i.test(href)) links.add(href);
  }
  return {
    title: H.cut(document.title, 200),
    lang: document.documentElement.lang || null,
    viewport_meta: metas.length ? metas[metas.length - 1].getAttribute("content") : null,
    links: [...links].slice(0, opts.max_links || 2000),
  };
}
