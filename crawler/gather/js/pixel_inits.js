// Vendor init calls seen since the page started (init/vendor_inits.js): [{vendor, id}], one per call.
(opts, H) => {
  const M = window[Symbol.for("mobicrawl")];
  return M && M.inits ? M.inits() : [];
}
