/*
 * sql.js's worker protocol on genjin-sql.js: scripts/make-genjin-sql.mjs
 * appends this to a copy of genjin-sql.js as worker.genjin-sql.js, a
 * drop-in for sql.js's worker.sql-wasm.js. One database per worker.
 *
 * Messages in: {id, action, ...} with action
 *   open {buffer?}            -> {id, ready: true}
 *   exec {sql, params?, config?} -> {id, results: [{columns, values}]}
 *   each {sql, params?, config?} -> {id, row, finished: false} per row, then {id, finished: true}
 *   getRowsModified           -> {id, rowsModified}
 *   export                    -> {id, buffer: Uint8Array}
 *   close                     -> {id}
 * A failure answers {id, error: message}. The first message's
 * config.useOldExtensionFunctions goes to initSqlJs, as in sql.js.
 * Runs as a browser worker (importScripts/self.onmessage) and as a node
 * worker_threads script. Expects initSqlJs in scope (genjin-sql.js's).
 */
(function (init) {
  'use strict';

  let ready = null;
  let db = null;
  let post;

  function reopen(bytes, SQL) {
    if (db) db.close();
    db = new SQL.Database(bytes);
    return db;
  }

  /* Answers one message; throws for a failed request. */
  function answer(SQL, data) {
    const id = data.id;
    const config = data.config || {};
    switch (data.action) {
      case 'open':
        reopen(data.buffer ? new Uint8Array(data.buffer) : undefined, SQL);
        post({ id, ready: true });
        return;
      case 'exec':
        if (!db) reopen(undefined, SQL);
        if (!data.sql) throw new Error('exec: Missing query string');
        post({ id, results: db.exec(data.sql, data.params, config) });
        return;
      case 'each':
        if (!db) reopen(undefined, SQL);
        db.each(data.sql, data.params, (row) => post({ id, row, finished: false }),
          () => post({ id, finished: true }), config);
        return;
      case 'getRowsModified':
        post({ id, rowsModified: db ? db.getRowsModified() : 0 });
        return;
      case 'export': {
        if (!db) reopen(undefined, SQL);
        const buffer = db.export(); // a copy of the heap's bytes: its buffer can move
        post({ id, buffer }, [buffer.buffer]);
        return;
      }
      case 'close':
        if (db) db.close();
        db = null;
        post({ id });
        return;
      default:
        throw new Error(`Invalid action : ${data.action}`);
    }
  }

  function onMessage(data) {
    data = data || {};
    if (!ready) {
      const config = data.config || {};
      ready = init({ useOldExtensionFunctions: config.useOldExtensionFunctions });
    }
    return ready
      .then((SQL) => answer(SQL, data))
      .catch((e) => post({ id: data.id, error: e && e.message !== undefined ? e.message : String(e) }));
  }

  if (typeof importScripts === 'function') {
    post = (msg, transfer) => self.postMessage(msg, transfer || []);
    self.onmessage = (event) => onMessage(event.data);
  } else if (typeof require === 'function') {
    const { parentPort } = require('worker_threads');
    if (!parentPort) return; // loaded on the main thread: nothing to answer
    post = (msg, transfer) => parentPort.postMessage(msg, transfer || []);
    parentPort.on('message', onMessage);
  }
})(typeof module === 'object' && module.exports ? module.exports : self.initSqlJs);
