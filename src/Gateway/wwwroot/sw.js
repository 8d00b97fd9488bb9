// The installable page's service worker: keeps the uploader's own files so the page opens on a patchy site
// connection. Only those files: the API, the hub and the storage (presigned URLs on another origin) always go to
// the network, because a cached answer there would be a wrong answer.

const CACHE = 'buildpeer-uploader-v4'; // a new name on each change of this list drops the old cache on activate
const SDK = '/vendor/buildpeer-uploads-client/';
// The vendored SDK's modules the page imports (index.js and what it imports in turn).
const SDK_FILES = [
  'index.js', 'clock.js', 'errors.js', 'gateway.js', 'parts.js', 'progress.js', 'resume.js', 'retry.js', 'source.js',
  'sse.js', 'status.js', 'storage.js', 'types.js', 'uploader.js', 'hub/index.js', 'hub/async-queue.js',
  'hub/hub-session.js', 'hub/hub-transport.js', 'hub/latest-statuses.js', 'watch/index.js', 'watch/followed-upload.js',
  'watch/project-feed.js', 'watch/upload-watch.js',
].map((file) => SDK + file);
const PAGE_FILES = [
  '/', '/index.html', '/app.css', '/app.js', '/api.js', '/format.js', '/live.js', '/session.js', '/store.js',
  '/transfer.js', '/unfinished.js', '/upload-state.js', '/uploader.js', '/view.js',
  '/vendor/signalr.min.js', ...SDK_FILES, '/manifest.webmanifest', '/icon.svg',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PAGE_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !PAGE_FILES.includes(url.pathname)) return;
  // Network first (the server revalidates every file, so a new deployment is never mixed with old modules);
  // the cached copy only when the network fails.
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
      }
      return response;
    })
    .catch(() => caches.match(event.request).then((cached) => cached ?? Response.error())));
});
