// The Social Summit Tracker's service worker. The server fills in VERSION and
// PRECACHE for each build (server/src/http/pwa.rs), so a new build is a new
// worker with a new cache: new wasm never pairs with old cached HTML.
const VERSION = '__VERSION__';
const CACHE = `summit-${VERSION}`;
const PRECACHE = __PRECACHE__;
const OFFLINE_PAGE = '/offline.html';
// Personal or administrative answers: never served stale.
const PERSONAL = ['/api/me', '/api/tokens', '/api/admin'];

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
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, true));
  } else if (PERSONAL.some((p) => url.pathname.startsWith(p))) {
    event.respondWith(networkFirst(request, false));
  } else if (url.pathname.startsWith('/api/')) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else if (url.pathname.startsWith('/pkg/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request, isPage) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
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
    if (response.ok) await cache.put(request, response.clone());
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
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function thenForgetData(request) {
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    for (const key of await cache.keys()) {
      if (new URL(key.url).pathname.startsWith('/api/')) await cache.delete(key);
    }
  }
  return response;
}
