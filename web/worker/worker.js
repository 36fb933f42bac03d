/*
 * The Web Worker that owns the WASM core and its database, so the page
 * never freezes on a long query. Protocol: the page posts {id, op, args};
 * the worker answers {id, ok: true, data} or {id, ok: false, error}, and
 * sends {event: 'status' | 'changed'} on its own when the storage state
 * changes or another tab's commit arrived. Until the database is loaded,
 * requests wait in a queue.
 *
 * The database name comes from the worker's name ("db=name&test-hooks=1",
 * set by the page; default "genjin"); runtime.js persists it to IndexedDB (persist.js). The build
 * (scripts/build-web.mjs) bundles this module with the Emscripten loader
 * and defines GENJIN_WASM_URL, the content-hashed name of the module.
 */
/* global GENJIN_WASM_URL */
import GenjinCoreModule from 'genjin-core-loader';
import GenjinCore from '../engine/core.js';
import { GenjinRuntime } from './runtime.js';
import { GenjinImport } from './import.js';
import { GenjinSqlWorker } from './sqlworker.js';
import { WorkerSync } from './sync.js';
import { GenjinCheck } from './check.js';

const params = new URLSearchParams(self.name);
const dbName = params.get('db') || 'genjin';
let runtime = null;
let started = false;
let failed = null;
const queue = [];

/* Ops the worker answers itself; everything else goes to the core. */
const OWN_OPS = {
  flush: () => runtime.flush(),
  'storage.status': () => runtime.status(),
  'storage.retry': () => runtime.flush(),
  'storage.check': () => ({ report: runtime.check() }),
  'storage.takeOver': () => runtime.takeOver(),
  'storage.export': () => runtime.exportBytes(),
};
// Test hook, only when the page was opened with ?test-hooks=1: makes every
// IndexedDB put fail as a full disk would.
if (params.get('test-hooks') === '1') {
  OWN_OPS['test.failStorage'] = (args) => failStorage(!!args.on);
}
/* sql.js-compatible API: "sql.*" and "stmt.*" ops (sqlworker.js). */
Object.assign(OWN_OPS, GenjinSqlWorker.ops(() => runtime));
/* Team sync: "sync.run", "sync.unlock", ... (sync.js); the core's own
 * sync.* ops (status, conflicts, restore) go to the core as every op. */
let teamSync = null;
for (const op of Object.keys(new WorkerSync(null, dbName).ops())) {
  OWN_OPS[op] = (args, actor) => {
    teamSync = teamSync || new WorkerSync(runtime, dbName);
    return teamSync.ops()[op](args, actor);
  };
}

const realPut = IDBObjectStore.prototype.put;
function failStorage(on) {
  IDBObjectStore.prototype.put = on
    ? () => { throw new DOMException('simulated: the storage quota is exceeded', 'QuotaExceededError'); }
    : realPut;
  return { on };
}

function errorOf(e) {
  return { code: e.code || 'error', message: e.message, field: e.field || null,
    reason: e.reason || null, params: e.params || null, report: e.report || null };
}

/* Warming: the first metrics op of an opened database reads its tables
 * into the core's memory (about 0.7 s at 50,000 customers and 1M events).
 * Once the page has been quiet for a moment after opening, the worker does
 * that read itself, so the dashboard's first visit finds it done. Later
 * writes are picked up by the core on the next op. */
const WARM_AFTER_MS = 400;
let warmTimer = null;
let warmed = false;
let lastActor;

function armWarm() {
  if (warmed) return;
  clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    if (warmed || importing || !runtime || !runtime.core || runtime.role === 'corrupt') return;
    warmed = true;
    runtime.serial.then(() => {
      const day = 86400000;
      const date = (ms) => new Date(ms).toISOString().slice(0, 10);
      try {
        runtime.call('metrics.compute', { from: date(Date.now() - 30 * day), to: date(Date.now() + day) }, lastActor);
      } catch (e) { /* a cold first visit instead */ }
    });
  }, WARM_AFTER_MS);
}

async function answer(msg) {
  const { id, op, args } = msg;
  lastActor = msg.actor;
  if (failed) {
    postMessage({ id, ok: false, error: { code: 'io', message: failed } });
    return;
  }
  try {
    // After any role change or refresh in progress, and in arrival order
    // (so a flush covers every write sent before it).
    await runtime.serial;
    const before = runtime.pages ? runtime.pages.txn : 0;
    // (A write that arrives while the stored database is being checked waits for the check.)
    const data = await runtime.run(() => (OWN_OPS[op] ? OWN_OPS[op](args || {}, msg.actor) : runtime.call(op, args, msg.actor)));
    // A request that committed is answered once its pages are in IndexedDB
    // (or with the error saying they are not): "done" on the page is durable.
    if (runtime.pages && runtime.pages.txn > before) await runtime.flush();
    if (data instanceof Uint8Array) postMessage({ id, ok: true, data }, [data.buffer]);
    else postMessage({ id, ok: true, data });
  } catch (e) {
    postMessage({ id, ok: false, error: errorOf(e) });
  }
  armWarm();
}

/* --- Data page: file import with progress and cancel, export, restore ---
 * These ops run through runtime.queue(), so every later op (which awaits
 * runtime.serial in answer()) and every role change waits until they end:
 * nothing else touches the core while an import holds its transaction or a
 * restore swaps the database. "import.cancel" is answered at once. */
let importing = null; // {id, cancelled} of the import in flight

const DATA_OPS = {
  'import.file': async (args, id) => {
    const core = runtime.writableCore();
    importing = { id, cancelled: false };
    const mine = importing;
    let report;
    try {
      // The import's transaction stays open across its slices: persisted
      // only once it has ended, so a reload sees all rows or none.
      report = await runtime.holding(() => GenjinImport.run(core, args.file, args,
        (progress) => postMessage({ id, progress }), () => mine.cancelled));
    } finally {
      importing = null;
    }
    await runtime.flush(); // answered once the imported rows are in IndexedDB
    return report;
  },
  // An export (the Data page, a list's "all matching"): each chunk goes to
  // the page as the core makes it ({id, chunk}, transferred), where it
  // becomes a Blob part, so neither side ever holds the whole export.
  'export.file': (args, id) => {
    if (!runtime.core) throw runtime.unavailable();
    let bytes = 0;
    let chunks = 0;
    for (const chunk of runtime.core.exportChunks(args)) {
      bytes += chunk.length;
      chunks++;
      postMessage({ id, chunk }, [chunk.buffer]);
    }
    return { bytes, chunks };
  },
  'import.previewFile': (args) => GenjinImport.preview(args.file, args, (a) => runtime.call('import.preview', a)),
  'storage.restore': async (args) => {
    if (!args.file || typeof args.file.arrayBuffer !== 'function') {
      throw new GenjinCore.GenjinError('invalid', '请选择 .sqlite 文件 Choose a .sqlite file', 'file', 'no_backup_file');
    }
    return runtime.restoreBytes(new Uint8Array(await args.file.arrayBuffer()));
  },
};

function dispatch(msg) {
  const { id, op, args } = msg;
  if (op === 'import.cancel') {
    if (importing) importing.cancelled = true;
    postMessage({ id, ok: true, data: { cancelled: !!importing } });
  } else if (DATA_OPS[op] && runtime && !failed) {
    runtime.queue(() => DATA_OPS[op](args || {}, id)).then(
      (data) => postMessage({ id, ok: true, data }),
      (e) => postMessage({ id, ok: false, error: errorOf(e) }));
  } else {
    answer(msg);
  }
}
/* --- end of the Data page section --- */

self.onmessage = (event) => {
  if (started) dispatch(event.data);
  else queue.push(event.data);
};

const loadModule = () => GenjinCoreModule({ locateFile: () => new URL(GENJIN_WASM_URL, self.location.href).href });

async function start() {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(dbName)) throw new Error(`invalid database name "${dbName}"`);
  const preloaded = GenjinRuntime.preload(dbName); // IndexedDB reads while the WASM module loads
  preloaded.catch(() => {});
  const module = await loadModule();
  const holdCheck = params.get('test-hooks') === '1' && params.get('hold-check') === '1';
  runtime = new GenjinRuntime(module, dbName, (m) => postMessage(m), { holdCheck });
  await runtime.start(preloaded);
}

if (params.get('role') === 'check') GenjinCheck.serve(loadModule); // the second worker (check.js)
else start()
  .catch((e) => { failed = `the Genjin core failed to load: ${e.message}`; })
  .finally(() => {
    started = true;
    postMessage({ id: 0, ready: !failed, error: failed, status: runtime && !failed ? runtime.status() : null });
    while (queue.length) dispatch(queue.shift());
  });
