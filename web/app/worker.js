/*
 * The Web Worker that owns the WASM core and its database, so the page
 * never freezes on a long query. Protocol: the page posts {id, op, args};
 * the worker answers {id, ok: true, data} or {id, ok: false, error}.
 * Until the core is loaded, requests wait in a queue.
 */
/* global importScripts, GenjinCoreModule, GenjinCore */
'use strict';
importScripts('../dist/genjin-core.js', 'core.js');

let core = null;
let failed = null;
const queue = [];

function answer(msg) {
  const { id, op, args } = msg;
  if (failed) {
    postMessage({ id, ok: false, error: { code: 'io', message: failed } });
    return;
  }
  try {
    postMessage({ id, ok: true, data: core.call(op, args) });
  } catch (e) {
    postMessage({ id, ok: false, error: { code: e.code || 'error', message: e.message, field: e.field || null } });
  }
}

self.onmessage = (event) => {
  if (core || failed) answer(event.data);
  else queue.push(event.data);
};

GenjinCore.Core.load(GenjinCoreModule, { locateFile: (file) => '../dist/' + file })
  .then((c) => { core = c; })
  .catch((e) => { failed = 'the Genjin core failed to load: ' + e.message; })
  .finally(() => {
    postMessage({ id: 0, ready: !failed, error: failed });
    while (queue.length) answer(queue.shift());
  });
