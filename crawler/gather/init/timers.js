// Pending timers for the settle rule: setTimeout, an interval's first tick, requestIdleCallback.
(M) => {
  const MAX_TRACKED = 1000;  // past this a page waits for nothing more: the --settle cap wins anyway
  const pending = new Map();  // our key -> due time (performance.now ms)
  const keyOf = new Map();  // the browser's timer id -> our key
  const ran = new WeakSet();  // callbacks that already ran: rescheduling one is a loop, counted once
  let last = 0;
  const track = (fn, delay) => {
    if (typeof fn !== "function" || ran.has(fn) || pending.size >= MAX_TRACKED) return 0;
    pending.set(++last, performance.now() + Math.max(Number(delay) || 0, 0));
    return last;
  };
  const runs = (fn, key) => function (...args) {
    pending.delete(key);
    ran.add(fn);
    return fn.apply(this, args);
  };
  const wrapSchedule = (schedule, delayOf) => function (fn, ...rest) {
    const key = track(fn, delayOf(rest));
    if (!key) return schedule.call(this, fn, ...rest);
    const id = schedule.call(this, runs(fn, key), ...rest);
    keyOf.set(id, key);
    return id;
  };
  const wrapClear = (clear) => function (id) {
    pending.delete(keyOf.get(id));
    keyOf.delete(id);
    return clear.call(this, id);
  };
  window.setTimeout = wrapSchedule(window.setTimeout, (rest) => rest[0]);
  window.setInterval = wrapSchedule(window.setInterval, (rest) => rest[0]);
  window.clearTimeout = wrapClear(window.clearTimeout);
  window.clearInterval = wrapClear(window.clearInterval);
  if (window.requestIdleCallback) {
    window.requestIdleCallback = wrapSchedule(window.requestIdleCallback, (rest) => (rest[0] || {}).timeout || 0);
    window.cancelIdleCallback = wrapClear(window.cancelIdleCallback);
  }

  // Milliseconds until the last pending timer due within `within` ms has run (0: nothing pending).
  M.pending = (within) => {
    const now = performance.now();
    let wait = 0;
    for (const due of pending.values()) if (due <= now + within) wait = Math.max(wait, due - now, 1);
    return Math.ceil(wait);
  };
}
