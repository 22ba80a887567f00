// Scripts inserted but not yet run, and web workers just started, for the settle rule: a tag's script
// often inserts the next one (GTM loads gtag.js, which sends the hit), a worker (Partytown) sends its
// hits once it has started, with no request open in between.
(M) => {
  const WORKER_START_MS = 1000;
  let workerStarted = -Infinity;
  if (window.Worker) {
    window.Worker = new Proxy(window.Worker, {
      construct(target, args, newTarget) {
        workerStarted = performance.now();
        return Reflect.construct(target, args, newTarget);
      },
    });
  }
  const JS = /^$|^module$|javascript|ecmascript/i;
  const loading = new Set();
  const done = (event) => loading.delete(event.target);
  document.addEventListener("load", done, true);
  document.addEventListener("error", done, true);
  new MutationObserver((mutations) => {
    for (const m of mutations) for (const node of m.addedNodes) {
      if (node.localName === "script" && node.src && JS.test(node.type || "") && loading.size < 500) loading.add(node);
    }
  }).observe(document, { childList: true, subtree: true });
  M.loadingScripts = () => {
    for (const script of loading) if (!script.isConnected) loading.delete(script);
    return loading.size + (performance.now() - workerStarted < WORKER_START_MS ? 1 : 0);
  };
}
