/*
 * Team sync on the page: the folder settings of this browser (URL, user,
 * password, how often), kept per database in localStorage
 * "genjin.sync:<db>" and nowhere else; the last sync's outcome; and the
 * timer that syncs every N minutes while the app is open. The work is the
 * worker's (sync.run, web/worker/sync.js); only the tab that owns the
 * database syncs, and only when the browser is online.
 */
import { signal } from '@preact/signals';
import { dbKey } from './store.js';

export const SYNC_EVERY = [0, 5, 15, 30, 60]; // minutes; 0 = only "sync now"

const key = () => `genjin.sync:${dbKey()}`;

/* {url, user, password, every, last: {at, ok, pushed, applied, refused, error}} */
export function syncConfig() {
  try {
    return { url: '', user: '', password: '', every: 0, last: null, ...JSON.parse(localStorage.getItem(key()) || '{}') };
  } catch (e) {
    return { url: '', user: '', password: '', every: 0, last: null };
  }
}

export function saveSyncConfig(changes) {
  const next = { ...syncConfig(), ...changes };
  localStorage.setItem(key(), JSON.stringify(next));
  syncShown.value = { ...syncShown.value, config: next };
  return next;
}

/* What the Team sync section shows: the config and whether a sync runs. */
export const syncShown = signal({ config: syncConfig(), running: false });

/* Runs one sync through the worker: its answer, also kept as "last sync".
 * A failure is kept too (and thrown), so the section says why. */
export async function syncNow(store) {
  const cfg = syncConfig();
  syncShown.value = { ...syncShown.value, running: true };
  try {
    const r = await store.write('sync.run', { url: cfg.url, user: cfg.user, password: cfg.password });
    saveSyncConfig({ last: { at: r.at, ok: true, pushed: r.pushed, applied: r.applied, refused: r.refused } });
    return r;
  } catch (e) {
    saveSyncConfig({ last: { at: Date.now(), ok: false, error: { code: e.code, reason: e.reason, params: e.params, message: e.message } } });
    throw e;
  } finally {
    syncShown.value = { ...syncShown.value, running: false };
  }
}

/* Checks once a minute whether a sync is due. */
export function startAutoSync(store) {
  const due = () => {
    const cfg = syncConfig();
    if (!cfg.every || !cfg.url || syncShown.value.running) return false;
    if (!store.ready.value || store.readonly.value || !store.online.value) return false;
    return !cfg.last || Date.now() - cfg.last.at >= cfg.every * 60000;
  };
  return setInterval(() => { if (due()) syncNow(store).catch(() => {}); }, 60000);
}
