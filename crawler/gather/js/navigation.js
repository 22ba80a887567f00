// When the load event started (epoch ms): beacons are timed from it (`delay_ms`).
(opts, H) => {
  const nav = performance.getEntriesByType("navigation")[0];
  return { load_event_at: nav && nav.loadEventStart ? Math.round(performance.timeOrigin + nav.loadEventStart) : null };
}
