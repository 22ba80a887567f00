// Vendor init calls per id (fbq('init'), ttq.load, snaptr('init'), pintrk('load'), twq('config'),
// ym(id, 'init'), gtag('config'), LinkedIn partner ids): the same id twice is a pixel installed twice,
// which beacons cannot show (Chromium merges identical requests, vendor scripts drop a second init).
(M) => {
  const MAX_CALLS = 200;
  const calls = [];
  const COMMANDS = {  // a vendor's global command function: its arguments -> [vendor, id] for an init
    fbq: (a) => a[0] === "init" && ["meta", a[1]],
    snaptr: (a) => a[0] === "init" && ["snapchat", a[1]],
    pintrk: (a) => a[0] === "load" && ["pinterest", a[1]],
    twq: (a) => a[0] === "config" && ["x", a[1]],
    ym: (a) => a[1] === "init" && ["yandex", a[0]],
  };
  const wrapped = new WeakSet();
  const wrap = (fn, read) => {
    if (typeof fn !== "function" || wrapped.has(fn)) return fn;
    const proxy = new Proxy(fn, {
      apply(target, self, args) {
        const init = read(args);
        if (init && init[1] && calls.length < MAX_CALLS) calls.push({ vendor: init[0], id: String(init[1]) });
        return Reflect.apply(target, self, args);
      },
    });
    wrapped.add(proxy);
    return proxy;
  };
  // The page's own assignments (`window.fbq = n = function...`) go through these setters.
  const watch = (owner, name, onSet) => {
    let value = owner[name];
    Object.defineProperty(owner, name, { configurable: true, enumerable: true, get: () => value, set: (v) => { value = onSet(v); } });
  };
  for (const [name, read] of Object.entries(COMMANDS)) watch(window, name, (fn) => wrap(fn, read));
  const watched = new WeakSet();
  watch(window, "ttq", (queue) => {  // TikTok: ttq.load(id) is a method of the ttq queue
    if (queue && typeof queue === "object" && !watched.has(queue)) {
      watched.add(queue);
      watch(queue, "load", (fn) => wrap(fn, (a) => ["tiktok", a[0]]));
    }
    return queue;
  });

  // gtag('config', id) and LinkedIn's partner ids stay in their arrays: read them when asked.
  M.inits = () => {
    const found = calls.slice();
    for (const entry of Array.isArray(window.dataLayer) ? window.dataLayer : []) {
      const id = entry && entry[0] === "config" && typeof entry[1] === "string" ? entry[1] : "";
      if (/^G-/.test(id)) found.push({ vendor: "ga4", id });
      if (/^AW-/.test(id)) found.push({ vendor: "google-ads", id });
      if (/^DC-/.test(id)) found.push({ vendor: "floodlight", id });
    }
    const linkedin = window._linkedin_data_partner_ids;
    for (const id of Array.isArray(linkedin) ? linkedin : []) found.push({ vendor: "linkedin", id: String(id) });
    return found.slice(0, MAX_CALLS);
  };
}
