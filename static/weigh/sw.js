// The weigh station's service worker (hand-written, no library): it keeps the station's shell,
// its scripts and the cooperative's households and prices, so the station opens with no signal.
// It caches GET requests only; weigh-ins are never sent from here but from the page's queue.

const CACHE = "coop-weigh-__VERSION__";
const SHELL = "/weigh/offline";
const DATA = "/weigh/offline-data";
const ASSETS = [
  "/static/css/coop.css",
  "/static/css/header.css",
  "/static/weigh/numbers.js",
  "/static/weigh/amounts.js",
  "/static/weigh/viewport.js",
  "/static/weigh/queue.js",
  "/static/weigh/page.js",
  "/static/weigh/panel.js",
  "/static/weigh/reading.js",
  "/static/weigh/grades.js",
  "/static/weigh/shell.js",
  "/static/weigh/online.js",
  "/static/weigh/station.js",
  "/static/weigh/station.css",
  "/static/weigh/scale.js",
  "/static/weigh/scan.js",
  "/static/weigh/manifest.webmanifest",
  "/static/weigh/icon.svg",
  "/static/vendor/htmx-2.0.11/htmx.min.js",
  "/static/vendor/jsqr-1.4.0/jsQR.js",
];
const STATION_PAGE = /^\/weigh(\/\d+|\/offline|\/card\/[^/]+)?\/?$/;
const GROWER_PAGE = "/me"; // a grower's own page, kept as last seen, to record with no signal
const KEPT_PAGES = [SHELL, DATA, GROWER_PAGE];
const NETWORK_WAIT_MS = 4000; // a weak signal: after this the cached shell opens instead

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(ASSETS.map((url) => cache.add(url).catch(() => null)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("coop-weigh-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromNetwork(request, waitMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), waitMs);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function keep(key, response) {
  // Only a real page or answer: never a redirect to sign-in or an error page.
  if (response.ok && !response.redirected && response.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(key, response.clone());
  }
  return response;
}

async function stationPage(request, path) {
  try {
    const response = await fromNetwork(request, NETWORK_WAIT_MS);
    return path === SHELL ? keep(SHELL, response) : response;
  } catch {
    const cached = await caches.match(SHELL);
    return cached || Response.error();
  }
}

async function growerPage(request) {
  try {
    return await keep(GROWER_PAGE, await fromNetwork(request, NETWORK_WAIT_MS));
  } catch {
    return (await caches.match(GROWER_PAGE)) || Response.error();
  }
}

async function data(request) {
  try {
    return await keep(DATA, await fromNetwork(request, NETWORK_WAIT_MS));
  } catch {
    return (await caches.match(DATA)) || Response.error();
  }
}

async function asset(request, path) {
  const cached = await caches.match(path);
  const fresh = fetch(request).then((response) => keep(path, response));
  if (cached) {
    fresh.catch(() => null);
    return cached;
  }
  return fresh;
}

// The page asks once it is open online: keep the shell and today's data for the next offline visit.
self.addEventListener("message", (event) => {
  const wanted = (event.data && event.data.warm) || [];
  if (!wanted.every((url) => KEPT_PAGES.includes(url))) return;
  const reply = (word) => event.ports[0] && event.ports[0].postMessage(word);
  event.waitUntil(warm(wanted).then(() => reply("ready"), () => reply("failed")));
});

async function warm(urls) {
  for (const url of urls) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) throw new Error(`${url}: ${response.status}`);
    await keep(url, response);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === GROWER_PAGE) {
    event.respondWith(growerPage(request));
  } else if (request.mode === "navigate" && STATION_PAGE.test(url.pathname)) {
    event.respondWith(stationPage(request, url.pathname));
  } else if (url.pathname === DATA) {
    event.respondWith(data(request));
  } else if (url.pathname === SHELL) {
    event.respondWith(stationPage(request, SHELL));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(asset(request, url.pathname));
  }
});
