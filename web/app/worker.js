/*
 * The Web Worker that owns the WASM core and its database, so the page
 * never freezes on a long query. Protocol: the page posts {id, op, args};
 * the worker answers {id, ok: true, data} or {id, ok: false, error}, and
 * sends {event: 'status' | 'changed'} on its own when the storage state
 * changes or another tab's commit arrived. Until the database is loaded,
 * requests wait in a queue.
 *
 * The database name comes from the worker URL (?db=name, default
 * "genjin"); runtime.js persists it to IndexedDB (persist.js).
 */
/* global importScripts, GenjinCoreModule, GenjinCore, GenjinRuntime */
'use strict';
importScripts('../dist/genjin-core.js', 'core.js', 'persist.js', 'runtime.js');

const params = new URLSearchParams(self.location.search);
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
  // Test hook: makes every IndexedDB put fail as a full disk would.
  'test.failStorage': (args) => failStorage(!!args.on),
};

const realPut = IDBObjectStore.prototype.put;
function failStorage(on) {
  IDBObjectStore.prototype.put = on
    ? () => { throw new DOMException('simulated: the storage quota is exceeded', 'QuotaExceededError'); }
    : realPut;
  return { on };
}

function errorOf(e) {
  return { code: e.code || 'error', message: e.message, field: e.field || null };
}

async function answer(msg) {
  const { id, op, args } = msg;
  if (failed) {
    postMessage({ id, ok: false, error: { code: 'io', message: failed } });
    return;
  }
  try {
    // After any role change or refresh in progress, and in arrival order
    // (so a flush covers every write sent before it).
    await runtime.serial;
    const data = OWN_OPS[op] ? await OWN_OPS[op](args || {}) : runtime.call(op, args);
    if (data instanceof Uint8Array) postMessage({ id, ok: true, data }, [data.buffer]);
    else postMessage({ id, ok: true, data });
  } catch (e) {
    postMessage({ id, ok: false, error: errorOf(e) });
  }
}

self.onmessage = (event) => {
  if (started) answer(event.data);
  else queue.push(event.data);
};

async function start() {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(dbName)) throw new Error(`invalid database name "${dbName}"`);
  const module = await GenjinCoreModule({ locateFile: (file) => '../dist/' + file });
  runtime = new GenjinRuntime(module, dbName, (m) => postMessage(m));
  await runtime.start();
}

start()
  .catch((e) => { failed = `the Genjin core failed to load: ${e.message}`; })
  .finally(() => {
    started = true;
    postMessage({ id: 0, ready: !failed, error: failed, status: runtime && !failed ? runtime.status() : null });
    while (queue.length) answer(queue.shift());
  });
