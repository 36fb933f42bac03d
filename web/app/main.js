/*
 * Composition root: makes the worker client and the store, connects the
 * worker's events, the service worker and the router, and renders the
 * shell with the page the address names.
 *
 * ?db=name picks the database (default "genjin"): one IndexedDB database
 * per name, so tests and trials do not touch the real one.
 */
/* global GENJIN_WORKER_URL */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './ui/html.js';
import { StoreContext } from './ui/context.js';
import { Shell } from './ui/shell.js';
import { WorkerClient } from './protocol.js';
import { createStore, dbKey } from './store.js';
import { route } from './router.js';
import { t, locale, errorText } from './i18n/index.js';
import { PAGES, LAZY_PAGES } from './pages/index.js';
import { downloadBackup } from './ui/download.js';
import { RestorePanel } from './pages/data/restore.js';
import { DueNotifier } from './pages/today/notify.js';
import { startAutoSync } from './team-sync.js';

const params = new URLSearchParams(location.search);
// What the worker opens, in its name (not its URL's query: the service
// worker answers the script from its cache, and the cached response's URL
// is the one the worker would see).
const workerParams = new URLSearchParams({ db: dbKey() });
// ?test-hooks=1 turns on the worker's "test.*" ops (browser tests only).
if (params.get('test-hooks') === '1') {
  workerParams.set('test-hooks', '1');
  // The integrity check's result waits for the test (runtime.js holdCheck).
  if (params.get('hold-check') === '1') workerParams.set('hold-check', '1');
}

let store = null;
const client = new WorkerClient(new URL(GENJIN_WORKER_URL, location.href), workerParams.toString(), (msg) => {
  if (msg.event === 'status') {
    const wasReadonly = store.readonly.value;
    store.storage.value = msg.status;
    if (store.ready.value && wasReadonly !== store.readonly.value) store.refresh().catch(() => {});
  } else if (msg.event === 'changed') { // another tab committed
    store.refresh().then(() => { store.version.value++; }, () => {});
  }
});
store = createStore(client);
// For tests and the browser console: the worker protocol of this page.
window.genjin = client;
document.documentElement.lang = locale.value;

/* What the shell's buttons do. */
const actions = {
  backup: async () => {
    try {
      const size = await downloadBackup(client);
      store.version.value++; // the "keeping the data" panel shows the new backup time
      store.say(t('status.backupDone', { kb: (size / 1024).toFixed(0) }));
    } catch (e) { store.say(errorText(e), 'error'); }
  },
  retry: async () => {
    try { await client.call('storage.retry'); } catch (e) { store.say(errorText(e), 'error'); }
  },
  takeOver: async () => {
    try {
      await client.call('storage.takeOver');
      await store.refresh();
      store.say(t('status.tookOver'));
    } catch (e) { store.say(errorText(e), 'error'); }
  },
  applyUpdate: () => {
    const waiting = store.updateReady.value;
    if (waiting) waiting.postMessage('skipWaiting');
  },
};

/* A page loaded on first visit (dashboard, report). */
function LazyPage({ name, route: r }) {
  const [mod, setMod] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { LAZY_PAGES[name]().then(setMod, setError); }, [name]);
  if (error) return html`<p class="form-error" role="alert">${t('common.error', { error: error.message })}</p>`;
  if (!mod) return html`<p class="muted" role="status">${t('common.loading')}</p>`;
  return html`<${mod.Page} route=${r} />`;
}

function App() {
  const r = route.value;
  locale.value; // re-render everything when the language changes
  // A stored database that failed its integrity check (found at opening or
  // by the check that runs while the app is already open) can still be
  // replaced by a backup.
  if (store.corrupt.value) {
    return html`<${Shell} actions=${actions}><p class="form-error" role="alert">${t('status.corrupt', { report: store.storage.value.report })}</p>
      <${RestorePanel} /></${Shell}>`;
  }
  if (store.startError.value) {
    return html`<${Shell} actions=${actions}><p class="form-error" role="alert">${store.startError.value}</p></${Shell}>`;
  }
  if (!store.ready.value) {
    return html`<${Shell} actions=${actions}><p class="muted" role="status">${t('status.loading')}</p></${Shell}>`;
  }
  const info = store.info.value;
  const empty = info && Object.values(info.counts || {}).every((n) => !n);
  let page = r.page || (empty ? 'welcome' : 'today');
  if (empty && page === 'today') page = 'welcome';
  let body;
  if (LAZY_PAGES[page]) body = html`<${LazyPage} key=${page} name=${page} route=${r} />`;
  else if (PAGES[page]) body = html`<${PAGES[page]} key=${page} route=${r} />`;
  else body = html`<p role="alert">${t('common.notFound')}</p>`;
  return html`<${Shell} actions=${actions}>${body}<${DueNotifier} /></${Shell}>`;
}

for (const name of ['online', 'offline']) {
  window.addEventListener(name, () => { store.online.value = navigator.onLine; });
}

// A write that is not yet durable is not given up without asking: one
// waiting for its answer, or committed in memory and not (yet) stored.
window.addEventListener('beforeunload', (e) => {
  const s = store.storage.value;
  const unsaved = s && s.role === 'owner' && (s.saveError || s.txn > s.durableTxn);
  if (store.pending.value > 0 || client.inFlight > 0 || unsaved) {
    e.preventDefault();
    e.returnValue = t('status.unsavedLeave');
  }
});

const UPDATE_CHECK_MS = 60 * 60 * 1000;

/* The service worker (offline use); a new version waits until the user
 * reloads through the notice. */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || params.get('sw') === '0') return;
  navigator.serviceWorker.register('./sw.js').then((reg) => {
    // A new version installed while an old one controls this page waits
    // for the user; the very first install just takes over.
    const offer = () => { if (reg.waiting && navigator.serviceWorker.controller) store.updateReady.value = reg.waiting; };
    const watch = (w) => { if (w) w.addEventListener('statechange', offer); };
    offer();
    watch(reg.installing); // the update check of this page load may have begun already
    reg.addEventListener('updatefound', () => watch(reg.installing));
    // A tab left open for days still hears of a new version.
    setInterval(() => reg.update().catch(() => {}), UPDATE_CHECK_MS);
  }).catch(() => {});
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (store.updateReady.value && !reloading) { reloading = true; location.reload(); }
  });
}

async function start() {
  render(html`<${StoreContext.Provider} value=${store}><${App} /></${StoreContext.Provider}>`, document.getElementById('app'));
  // Ask the browser not to evict the data under storage pressure.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  try {
    await client.ready;
    if (store.storage.value && store.storage.value.role === 'corrupt') {
      store.startError.value = t('status.corrupt', { report: store.storage.value.report });
    } else {
      await store.refresh();
      const me = store.repById.value.get(store.me.value);
      client.actor = me ? me.name : null;
      store.ready.value = true;
    }
  } catch (e) {
    // A second tab on a database no tab has written yet cannot create it.
    store.startError.value = e.code === 'readonly' ? t('status.passive') : t('status.startFailed', { error: errorText(e) });
  }
  performance.mark('genjin-ready'); // cold-open time for scripts/bench-persist.mjs
  document.body.dataset.ready = store.startError.value && !store.readonly.value ? 'error' : 'yes';
  registerServiceWorker();
  startAutoSync(store);
}

start();
