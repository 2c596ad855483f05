// Include once on a page that embeds Social Summit Tracker widgets:
//   <script src="https://TRACKER-HOST/embed.js" async></script>
// Each widget posts {"type":"summit-tracker:height","height":N} when it loads
// or changes size; this sets the height of the iframe it came from (only
// iframes whose address is on the origin that sent the message).
(() => {
  'use strict';
  if (window.__summitTrackerEmbed) return;
  window.__summitTrackerEmbed = true;
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== 'summit-tracker:height') return;
    const height = Number(data.height);
    if (!Number.isFinite(height) || height <= 0) return;
    for (const frame of document.getElementsByTagName('iframe')) {
      if (frame.contentWindow !== event.source) continue;
      let origin;
      try {
        origin = new URL(frame.src, document.baseURI).origin;
      } catch (error) {
        continue;
      }
      if (origin !== event.origin) continue;
      frame.style.height = `${Math.min(Math.ceil(height), 20000)}px`;
    }
  });
})();
