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
        if (key.startsWith('summit-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'summit-tracker:skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  if (request.method !== 'GET') {
    // A change went through: cached data may now be stale, so drop it before
    // the page refetches.
    if (url.pathname.startsWith('/api/')) event.respondWith(thenForgetData(request));
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
