// The Social Summit Tracker's service worker. The server fills in VERSION and
// PRECACHE for each build (server/src/http/pwa.rs), so a new build is a new
// worker with a new cache: new wasm never pairs with old cached HTML.
const VERSION = '__VERSION__';
const CACHE = `summit-${VERSION}`;
const PRECACHE = __PRECACHE__;
const OFFLINE_PAGE = '/offline.html';
// Answers about the person asking: never stored, never served from a cache
// (the server also marks them `Cache-Control: private, no-store`).
const PERSONAL_DATA = ['/api/me', '/api/tokens', '/api/admin'];
const PERSONAL_PAGES = /^\/[a-z]{2}\/(sign-in|account|admin)(\/|$)/;
const isPersonal = (url) =>
  PERSONAL_DATA.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`)) ||
  PERSONAL_PAGES.test(url.pathname);

/** Whether a response may be kept: a full answer from this site that the
 *  server did not mark as private to the person who asked. */
function storable(response) {
  if (!response.ok || response.type !== 'basic') return false;
  const control = response.headers.get('Cache-Control') || '';
  return !/no-store|private/i.test(control);
}

self.addEventListener('install', (event) => {
  // Waits (no skipWaiting) until the page's "reload to update" asks for it.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('summit-') && key !== CACHE && key !== STATE_CACHE) await caches.delete(key);
      }
      await self.clients.claim();
      // After an update the pages lived in the old version's cache: keep
      // every public page offline again, without anyone opening them.
      const state = await offlineState();
      if (state.enabled && state.lang) await keepOffline(state.lang);
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'summit-tracker:skip-waiting') self.skipWaiting();
  if (data.type === 'summit-tracker:offline') {
    event.waitUntil(
      (async () => {
        const lang = /^(ar|zh|en|fr|ru|es)$/.test(data.lang) ? data.lang : 'en';
        await setOfflineState({ enabled: data.enabled !== false, lang });
        if (data.enabled === false) await report({ enabled: false });
        else await keepOffline(lang);
      })(),
    );
  }
});

// ---- Every public page offline ---------------------------------------------
// The page list comes from the server (/offline/pages.json: home, milestones,
// tracker, regions, every country, in one language). Pages are fetched one
// at a time, anonymously, with a pause between them; those already kept and
// less than FRESH old are skipped, so a run that was cut short resumes where
// it stopped. Not under Save-Data or on a cellular connection, and not at all
// once the person turned it off (the state outlives worker versions).
const STATE_CACHE = 'summit-offline-state';
const STATE_KEY = '/__summit-offline-state';
const FRESH = 6 * 60 * 60 * 1000;
let keeping = null;

async function offlineState() {
  const hit = await (await caches.open(STATE_CACHE)).match(STATE_KEY);
  return hit ? hit.json() : { enabled: true, lang: null };
}

async function setOfflineState(state) {
  const body = JSON.stringify(state);
  await (await caches.open(STATE_CACHE)).put(STATE_KEY, new Response(body, { headers: { 'content-type': 'application/json' } }));
}

/** Tells every open page how many public pages are available offline. */
async function report(progress) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage({ type: 'summit-tracker:offline-progress', ...progress });
  }
}

function polite() {
  const connection = self.navigator.connection;
  return !(connection && (connection.saveData || connection.type === 'cellular'));
}

function keepOffline(lang) {
  if (!keeping) keeping = fillOffline(lang).finally(() => { keeping = null; });
  return keeping;
}

async function fillOffline(lang) {
  if (!polite()) return report({ enabled: true, paused: true });
  let list;
  try {
    list = await (await fetch(`/offline/pages.json?lang=${lang}`, { credentials: 'omit' })).json();
  } catch (error) {
    return; // offline: the next visit resumes
  }
  const pages = list.pages || [];
  const cache = await caches.open(CACHE);
  let have = 0;
  let stopped = false;
  for (const [index, path] of pages.entries()) {
    const kept = await cache.match(path);
    const age = kept ? Date.now() - Date.parse(kept.headers.get('date') || 0) : Infinity;
    if (kept && age < FRESH) {
      have += 1;
      continue;
    }
    if (!stopped) {
      const state = await offlineState();
      stopped = !state.enabled || state.lang !== lang || !polite();
    }
    if (stopped) {
      if (kept) have += 1;
      continue;
    }
    try {
      const response = await fetch(path, { credentials: 'omit' });
      if (storable(response)) {
        await cache.put(path, response);
        have += 1;
      } else if (kept) {
        have += 1;
      }
    } catch (error) {
      if (kept) have += 1;
      stopped = true; // the network went away: the next visit resumes
    }
    if (index % 10 === 0) await report({ enabled: true, have, total: pages.length });
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  await report({ enabled: true, have, total: pages.length });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  if (request.method !== 'GET') {
    // A change went through (a server function, or an edit form posted to its
    // page): cached data may now be stale, so drop it before the page refetches.
    if (url.pathname.startsWith('/api/') || request.mode === 'navigate') {
      event.respondWith(thenForgetData(request));
    }
    return;
  }
  if (isPersonal(url)) {
    // Straight to the network; offline, a personal page is the offline page.
    if (request.mode === 'navigate') event.respondWith(networkOnly(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, true));
  } else if (url.pathname.startsWith('/api/')) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else if (url.pathname.startsWith('/pkg/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkOnly(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await (await caches.open(CACHE)).match(OFFLINE_PAGE);
    if (offline) return offline;
    throw error;
  }
}

async function networkFirst(request, isPage) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (storable(response)) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    if (isPage) {
      const offline = await cache.match(OFFLINE_PAGE);
      if (offline) return offline;
    }
    throw error;
  }
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (storable(response)) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (storable(response)) await cache.put(request, response.clone());
  return response;
}

/** After a change (or a sign-in or sign-out, which changes whose data this
 *  browser may see), forgets cached data and anything personal. */
async function thenForgetData(request) {
  const response = await fetch(request);
  const cache = await caches.open(CACHE);
  for (const key of await cache.keys()) {
    const url = new URL(key.url);
    if (url.pathname.startsWith('/api/') || isPersonal(url)) await cache.delete(key);
  }
  return response;
}
