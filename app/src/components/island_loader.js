// Loads the wasm once the page is idle and hydrates its islands in document
// order. Unlike Leptos' own island script it preloads nothing from <head>
// (the page's content paints before any wasm is asked for), and islands
// inside an element marked data-hydrate="visible" wait until that element
// comes near the viewport (the map, below the fold on phones).
((pkg, js, wasm) => {
  const hydrate = async (mod, island) => {
    const run = mod[island.dataset.component];
    if (!run) {
      console.warn(`no wasm function for the island ${island.dataset.component}`);
      return;
    }
    const done = run(island);
    if (done && done.then) await done;
  };
  const start = () =>
    import(`${pkg}/${js}.js`).then(async (mod) => {
      await mod.default({ module_or_path: `${pkg}/${wasm}.wasm` });
      mod.hydrate();
      const later = new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            later.unobserve(entry.target);
            entry.target.querySelectorAll('leptos-island').forEach((island) => hydrate(mod, island));
          }
        },
        { rootMargin: '300px' },
      );
      // One task per island: hydrating them all at once made one long task
      // that kept a slow phone from answering input.
      const yieldToBrowser = () => new Promise((resolve) => setTimeout(resolve, 0));
      for (const island of document.querySelectorAll('leptos-island')) {
        const host = island.parentElement && island.parentElement.closest('[data-hydrate="visible"]');
        if (host) {
          later.observe(host);
        } else {
          await yieldToBrowser();
          await hydrate(mod, island);
        }
      }
    });
  if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 1000 });
  else setTimeout(start, 1);
})
