/*
 * The one store of the page: what every page reads (settings, schema,
 * reps, database info, storage status, who "I" am) as signals, and the two
 * ways to reach the core: read(op, args) (readBlob for a file in chunks)
 * and write(op, args). A write is
 * answered only once it is stored in IndexedDB (the worker waits), so
 * `pending` > 0 is exactly "Saving…"; after it, `version` moves and every
 * page's queries run again. Another tab's commit moves it too.
 */
import { signal, computed, batch } from '@preact/signals';
import { workspace } from './i18n/index.js';

/* Ops whose success changes what the shared signals hold. */
const REFRESH = /^(settings\.|reps\.|customfields\.|demo\.|storage\.restore|import\.|customers\.(create|delete|merge)|sync\.(run|importFile|restore))/;

export function createStore(client) {
  const store = {
    client,
    ready: signal(false),
    startError: signal(null),
    storage: signal(null),     // the worker's storage status (runtime.js status())
    pending: signal(0),        // writes sent and not yet durable
    version: signal(0),        // moves after every write here or in another tab
    settings: signal(null),
    schema: signal(null),
    reps: signal([]),
    info: signal(null),
    me: signal(Number(localStorage.getItem(`genjin.me:${dbKey()}`)) || null),
    notice: signal(null),      // {kind: 'ok'|'error', text} shown once
    updateReady: signal(null), // a waiting service worker: "new version — reload"
    online: signal(navigator.onLine), // the browser's network state (the app works without it)
  };

  store.readonly = computed(() => !!store.storage.value && store.storage.value.role !== 'owner');
  store.corrupt = computed(() => !!store.storage.value && store.storage.value.role === 'corrupt');
  store.repById = computed(() => new Map(store.reps.value.map((r) => [r.id, r])));
  /* The teams: the distinct non-empty reps.team, as the metrics' `team` names them. */
  store.teams = computed(() => [...new Set(store.reps.value.map((r) => r.team).filter(Boolean))].sort());
  store.meRep = computed(() => store.repById.value.get(store.me.value) || null);

  store.read = (op, args) => client.call(op, args);
  /* A file the core writes in chunks ("export.file") as a Blob. */
  store.readBlob = (op, args, type) => client.callBlob(op, args, type);

  store.write = async (op, args, onProgress) => {
    store.pending.value++;
    try {
      const data = onProgress ? await client.callWithProgress(op, args, onProgress) : await client.call(op, args);
      if (REFRESH.test(op)) await store.refresh();
      store.version.value++;
      return data;
    } catch (e) {
      // The core took the change but IndexedDB did not: the pages show
      // what the database now holds, the status bar says it is not saved.
      if (e.code === 'io') store.version.value++;
      throw e;
    } finally {
      store.pending.value--;
    }
  };

  /* Reloads the shared signals from the core. */
  store.refresh = async () => {
    const [settings, schema, reps, info] = await Promise.all([
      client.call('settings.get'), client.call('schema.describe'),
      client.call('reps.list', { limit: 1000, sort: 'name' }), client.call('db.info'),
    ]);
    batch(() => {
      store.settings.value = settings;
      store.schema.value = schema;
      store.reps.value = reps.items;
      store.info.value = info;
      workspace.value = { tz_offset_minutes: settings.tz_offset_minutes, currency: settings.currency };
    });
  };

  store.setMe = (id) => {
    store.me.value = id || null;
    localStorage.setItem(`genjin.me:${dbKey()}`, id ? String(id) : '');
    const rep = store.repById.value.get(id);
    client.actor = rep ? rep.name : null;
  };

  store.say = (text, kind = 'ok') => { store.notice.value = { text, kind, at: Date.now() }; };

  return store;
}

/* The database this page works on (?db=name), for per-database choices. */
export function dbKey() {
  return new URLSearchParams(location.search).get('db') || 'genjin';
}
