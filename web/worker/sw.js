/*
 * The service worker: the app works offline. It precaches every file of
 * one build (the list and version are written in by scripts/build-web.mjs)
 * and answers from that cache first; a new build is a new sw.js, installed
 * in the background and taken into use when the page says so (the "new
 * version — reload" notice), so a tab never mixes two versions.
 */
const VERSION = '%VERSION%';
const PRECACHE = %PRECACHE%;
const CACHE = `genjin-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('genjin-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  // The page itself (any ?db=… or #route) is the cached index.html. Every
  // other file is named by its content, so its query (the worker's ?db=…)
  // does not change what it is.
  const key = req.mode === 'navigate' ? './' : req;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(key, { ignoreSearch: true });
    return hit || fetch(req);
  }));
});
