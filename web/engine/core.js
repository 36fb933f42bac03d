/*
 * GenjinCore: the one JS module that wraps the WASM exports listed in
 * src/wasm/exports.txt. It owns every allocation it makes: request strings
 * are freed right after gj_call, responses right after they are copied out.
 * Every error response becomes a thrown GenjinError (code, field, message).
 *
 * Loads as a classic script (a Web Worker's importScripts) or as CommonJS
 * (node tests), so one file serves both.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.GenjinCore = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /* code, the English message, the field it is about, and the stable
   * reason key with its params the page shows in the user's language
   * (the core's errors carry them; so do the worker's own). */
  class GenjinError extends Error {
    constructor(code, message, field, reason, params) {
      super(message);
      this.name = 'GenjinError';
      this.code = code;
      this.field = field || null;
      if (reason) {
        this.reason = reason;
        this.params = params || {};
      }
    }
  }

  class Core {
    /* moduleFactory: the Emscripten factory (GenjinCoreModule); options go
     * to it unchanged (locateFile, wasmBinary). */
    static async load(moduleFactory, options) {
      const module = await moduleFactory(options || {});
      return new Core(module);
    }

    /* path: undefined = in memory; "genjin-mem:<name>" = the page store of
     * that name (see Pages), which the caller loads first. */
    constructor(module, path) {
      this.m = module;
      this.db = path ? withString(module, path, (p) => module._gj_wasm_open_path(p))
        : module._gj_wasm_open();
      if (!this.db) throw new GenjinError('nomem', 'out of memory opening the database');
      const msg = module.UTF8ToString(module._gj_errmsg(this.db));
      if (msg) {
        module._gj_close(this.db);
        this.db = 0;
        throw new GenjinError('io', msg);
      }
    }

    /* Sends a request string, returns the response string. */
    callJson(requestJson) {
      const m = this.m;
      if (!this.db) throw new GenjinError('error', 'the database is closed');
      const size = m.lengthBytesUTF8(requestJson) + 1;
      const req = m._malloc(size);
      if (!req) throw new GenjinError('nomem', 'out of memory');
      let resp = 0;
      try {
        m.stringToUTF8(requestJson, req, size);
        resp = m._gj_call(this.db, req);
        if (!resp) throw new GenjinError('nomem', 'out of memory');
        return m.UTF8ToString(resp);
      } finally {
        m._free(req);
        if (resp) m._gj_free(resp);
      }
    }

    /* Runs op with args; returns its data or throws GenjinError. */
    call(op, args, actor) {
      const request = { op, args: args || {} };
      if (actor) request.actor = actor;
      const response = JSON.parse(this.callJson(JSON.stringify(request)));
      if (!response.ok) {
        const e = response.error || {};
        const err = new GenjinError(e.code || 'error', e.message || 'unknown error', e.field);
        // The stable reason key and its parameters, for translated messages.
        if (e.reason) { err.reason = e.reason; err.params = e.params || {}; }
        if (e.report) err.report = e.report;
        throw err;
      }
      return response.data;
    }

    /* Fixes the clock (a Date, ISO string or ms); null restores it. */
    setNow(when) {
      const ms = when == null ? 0 : new Date(when).getTime();
      if (Number.isNaN(ms)) throw new GenjinError('invalid', 'setNow needs a valid time');
      this.m._gj_set_now_ms(this.db, ms);
    }

    close() {
      if (this.db) this.m._gj_close(this.db);
      this.db = 0;
    }
  }

  /* Calls fn with a NUL-terminated copy of str in the WASM heap. */
  function withString(m, str, fn) {
    const size = m.lengthBytesUTF8(str) + 1;
    const ptr = m._malloc(size);
    if (!ptr) throw new GenjinError('nomem', 'out of memory');
    try {
      m.stringToUTF8(str, ptr, size);
      return fn(ptr);
    } finally {
      m._free(ptr);
    }
  }

  /* PRAGMA integrity_check on a database of its own connection, before
   * anything migrates it: "ok" or the problems found. */
  function checkDatabase(m, path) {
    const report = withString(m, path, (p) => m._gj_wasm_check(p));
    if (!report) throw new GenjinError('nomem', 'out of memory');
    try {
      return m.UTF8ToString(report);
    } finally {
      m._gj_free(report);
    }
  }

  /*
   * The page store behind a "genjin-mem:<name>" database (gj_pages_* in
   * genjin.h): pages loaded before opening, and after each write the dirty
   * pages with the transaction numbers they span. Page copies handed out
   * are JS-owned (the heap may move or the page change later).
   */
  class Pages {
    constructor(module, path) {
      this.m = module;
      this.path = path;
      this.p = withString(module, path, (s) => module._gj_pages_open(s));
      if (!this.p) throw new GenjinError('nomem', `cannot create the page store ${path}`);
      this.buf = 0;
      this.bufSize = 0;
    }

    get pageSize() { return this.m._gj_pages_page_size(this.p); }
    get count() { return this.m._gj_pages_count(this.p) >>> 0; }
    get txn() { return this.m._gj_wasm_pages_txn(this.p); }
    get baseTxn() { return this.m._gj_wasm_pages_base_txn(this.p); }
    setTxn(txn) { this.m._gj_wasm_pages_set_txn(this.p, txn); }
    setReadonly(on) { this.m._gj_pages_set_readonly(this.p, on ? 1 : 0); }
    markClean(txn) { this.m._gj_wasm_pages_mark_clean(this.p, txn); }

    /* Copies bytes (a Uint8Array of one page) into page pgno. */
    load(pgno, bytes) {
      const m = this.m;
      if (this.bufSize < bytes.length) {
        if (this.buf) m._free(this.buf);
        this.buf = m._malloc(bytes.length);
        this.bufSize = this.buf ? bytes.length : 0;
        if (!this.buf) throw new GenjinError('nomem', 'out of memory loading pages');
      }
      m.HEAPU8.set(bytes, this.buf);
      const rc = m._gj_pages_load(this.p, pgno, this.buf, bytes.length);
      if (rc !== 0) throw new GenjinError(rc === 2 ? 'nomem' : 'io', `cannot load page ${pgno} (${bytes.length} bytes)`);
    }

    setCount(n) {
      if (this.m._gj_pages_set_count(this.p, n) !== 0) throw new GenjinError('io', `cannot set the page count to ${n}`);
    }

    /* A copy of page pgno (1-based). */
    page(pgno) {
      const ptr = this.m._gj_pages_data(this.p, pgno);
      if (!ptr) throw new GenjinError('io', `no page ${pgno}`);
      return this.m.HEAPU8.slice(ptr, ptr + this.pageSize);
    }

    /* Page pgno in the heap, not copied: valid until the next allocation. */
    view(pgno) {
      const ptr = this.m._gj_pages_data(this.p, pgno);
      if (!ptr) throw new GenjinError('io', `no page ${pgno}`);
      return this.m.HEAPU8.subarray(ptr, ptr + this.pageSize);
    }

    /* The dirty page numbers, ascending. */
    dirty() {
      const n = this.m._gj_pages_dirty_count(this.p) >>> 0;
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = this.m._gj_pages_dirty_pgno(this.p, i) >>> 0;
      return out.sort((a, b) => a - b);
    }

    /* The whole database file: a plain SQLite file. */
    bytes() {
      const size = this.pageSize;
      const out = new Uint8Array(this.count * size);
      for (let i = 1; i <= this.count; i++) {
        const ptr = this.m._gj_pages_data(this.p, i);
        out.set(this.m.HEAPU8.subarray(ptr, ptr + size), (i - 1) * size);
      }
      return out;
    }

    /* Frees the store (its database must be closed). */
    drop() {
      if (this.buf) this.m._free(this.buf);
      this.buf = 0;
      const rc = withString(this.m, this.path, (s) => this.m._gj_pages_drop(s));
      this.p = 0;
      return rc === 0;
    }
  }

  /* ---- Raw SQL (gj_sql_* in genjin.h): the layer under web/app/sqljs.js ----
   * Sql is a connection: a database of its own (Sql.open, optionally from
   * a file's bytes) or a borrow of a Core's database (Sql.borrow). SqlStmt
   * is a prepared statement. Failures throw a plain Error whose message is
   * SQLite's (what sql.js throws). Integers come out as doubles, as in
   * sql.js; no 64-bit value crosses the boundary. */
  const SQL_ROW = 100;
  const SQL_DONE = 101;
  const utf8 = typeof TextDecoder !== 'undefined' ? new TextDecoder() : null;

  /* A string of n bytes at ptr (NULs included, as sql.js reads them). */
  function heapText(m, ptr, n) {
    return utf8 ? utf8.decode(m.HEAPU8.subarray(ptr, ptr + n)) : m.UTF8ToString(ptr, n);
  }

  /* Calls fn(ptr, nbytes) with a copy of the string (not NUL-terminated
   * for SQLite, which is told the length) or of the bytes in the heap. */
  function withBytes(m, value, fn) {
    const isText = typeof value === 'string';
    const n = isText ? m.lengthBytesUTF8(value) : value.length;
    const ptr = m._malloc(n + 1);
    if (!ptr) throw new Error('out of memory');
    try {
      if (isText) m.stringToUTF8(value, ptr, n + 1);
      else m.HEAPU8.set(value, ptr);
      return fn(ptr, n);
    } finally {
      m._free(ptr);
    }
  }

  /* JS callbacks of SQL functions and update hooks, by number, per module
   * (wasm_sql.c calls Module.gjSqlCall/Final/Update/Release). Entries:
   * {call(ctx, args)} for a function or an aggregate's step, {final(ctx)},
   * {update(op, dbPtr, tablePtr, rowid)}. */
  function callbackTable(m) {
    if (m.gjSqlCallbacks) return m.gjSqlCallbacks;
    const table = { next: 1, entries: new Map() };
    m.gjSqlCallbacks = table;
    m.gjSqlCall = (id, ctx, argc, argv) => {
      const args = new Array(argc);
      for (let i = 0; i < argc; i++) args[i] = readValue(m, m.HEAPU32[(argv >> 2) + i]);
      table.entries.get(id).call(ctx, args);
    };
    m.gjSqlFinal = (id, ctx) => table.entries.get(id).final(ctx);
    m.gjSqlUpdate = (id, op, db, tbl, rowid) => table.entries.get(id).update(op, db, tbl, rowid);
    m.gjSqlRelease = (id) => table.entries.delete(id);
    return table;
  }

  function addCallback(m, entry) {
    const table = callbackTable(m);
    const id = table.next++;
    table.entries.set(id, entry);
    return id;
  }

  /* The statement fails with the message of what a JS callback threw. */
  function setError(m, ctx, e) {
    withBytes(m, e instanceof Error ? e.message : String(e), (p) => m._gj_sql_result_error(ctx, p));
  }

  /* An argument: integers and reals as numbers, text, Uint8Array, null. */
  function readValue(m, v) {
    switch (m._gj_sql_value_type(v)) {
      case 1: case 2: return m._gj_sql_value_double(v);
      case 3: return heapText(m, m._gj_sql_value_text(v), m._gj_sql_value_bytes(v));
      case 4: {
        const n = m._gj_sql_value_bytes(v);
        const p = m._gj_sql_value_blob(v);
        return m.HEAPU8.slice(p, p + n);
      }
      default: return null;
    }
  }

  /* A function's result, converted as sql.js converts it. */
  function setResult(m, ctx, r) {
    switch (typeof r) {
      case 'boolean': m._gj_wasm_sql_result_int(ctx, r ? 1 : 0); return;
      case 'number': m._gj_sql_result_double(ctx, r); return;
      case 'string': withBytes(m, r, (p, n) => m._gj_sql_result_text(ctx, p, n)); return;
      case 'object':
        if (r === null) m._gj_sql_result_null(ctx);
        else if (r.length != null) withBytes(m, r, (p, n) => m._gj_sql_result_blob(ctx, p, n));
        else {
          withBytes(m, `Wrong API use : tried to return a value of an unknown type (${r}).`,
            (p) => m._gj_sql_result_error(ctx, p));
        }
        return;
      default: m._gj_sql_result_null(ctx);
    }
  }

  class Sql {
    /* A database of its own: empty, or a copy of bytes (array-like). */
    static open(m, bytes) {
      const ptr = bytes && bytes.length ? withBytes(m, bytes, (p, n) => m._gj_wasm_sql_open(p, n))
        : m._gj_wasm_sql_open(0, 0);
      return new Sql(m, ptr);
    }

    /* The connection of core (a Core): raw SQL on the app's database. */
    static borrow(core) {
      return new Sql(core.m, core.m._gj_wasm_sql_from_db(core.db));
    }

    constructor(m, ptr) {
      if (!ptr) throw new Error('out of memory');
      this.m = m;
      this.p = ptr;
      const msg = m.UTF8ToString(m._gj_sql_errmsg(ptr));
      if (msg !== 'not an error') {
        m._gj_sql_close(ptr);
        this.p = 0;
        throw new Error(msg);
      }
      this.out = m._malloc(8); // prepare's two out-parameters
    }

    error() { return new Error(this.m.UTF8ToString(this.m._gj_sql_errmsg(this.p))); }

    check(rc) {
      if (rc !== 0) throw this.error();
    }

    exec(sql) {
      withString(this.m, sql, (p) => this.check(this.m._gj_sql_exec(this.p, p)));
    }

    /* A copy of sql in the heap, for prepareAt; free it with freeText. */
    newText(sql) {
      const m = this.m;
      const size = m.lengthBytesUTF8(sql) + 1;
      const ptr = m._malloc(size);
      if (!ptr) throw new Error('out of memory');
      m.stringToUTF8(sql, ptr, size);
      return ptr;
    }

    freeText(ptr) { this.m._free(ptr); }

    /* Compiles the statement at heap address ptr: {stmt (null when only
     * spaces or comments), tail (address of the rest)}. */
    prepareAt(ptr) {
      const m = this.m;
      m.HEAPU32[this.out >> 2] = 0;
      m.HEAPU32[(this.out >> 2) + 1] = 0;
      this.check(m._gj_sql_prepare(this.p, ptr, this.out, this.out + 4));
      const stmt = m.HEAPU32[this.out >> 2];
      return { stmt: stmt ? new SqlStmt(this, stmt) : null, tail: m.HEAPU32[(this.out >> 2) + 1] };
    }

    /* Whether the text at ptr is at its end (NUL). */
    atEnd(ptr) { return this.m.HEAPU8[ptr] === 0; }

    /* The text from ptr to the end. */
    textAt(ptr) { return this.m.UTF8ToString(ptr); }

    changes() { return this.m._gj_sql_changes(this.p); }

    /* The database file's bytes (a JS-owned Uint8Array). */
    serialize() {
      const m = this.m;
      const size = m._malloc(4);
      if (!size) throw new Error('out of memory');
      try {
        const ptr = m._gj_sql_serialize(this.p, size);
        if (!ptr) throw this.error();
        const n = m.HEAPU32[size >> 2];
        const bytes = m.HEAPU8.slice(ptr, ptr + n);
        m._gj_free(ptr);
        return bytes;
      } finally {
        m._free(size);
      }
    }

    /* sql.js's legacy extension functions (mode, median, stdev, padl, ...)
     * on this database of its own (gj_sql_legacy_functions). */
    legacyFunctions() { this.check(this.m._gj_sql_legacy_functions(this.p)); }

    /* fn(...args) called from SQL as name with nargs arguments (-1: any);
     * values converted as sql.js converts them. */
    createFunction(name, nargs, fn) {
      const m = this.m;
      const id = addCallback(m, {
        call(ctx, args) {
          let result;
          try {
            result = fn.apply(null, args);
          } catch (e) {
            setError(m, ctx, e);
            return;
          }
          setResult(m, ctx, result);
        },
      });
      withString(m, name, (p) => this.check(m._gj_wasm_sql_create_function(this.p, p, nargs, id)));
    }

    /* An aggregate as sql.js's create_aggregate: state = init() per group,
     * state = step(state, ...args) per row, result = finalize(state). */
    createAggregate(name, nargs, init, step, finalize) {
      const m = this.m;
      const states = new Map(); // by the group's aggregate key
      const stateOf = (ctx) => {
        const key = m._gj_sql_aggregate_key(ctx);
        if (!states.has(key)) states.set(key, init());
        return key;
      };
      const id = addCallback(m, {
        call(ctx, args) {
          const key = stateOf(ctx);
          try {
            states.set(key, step.apply(null, [states.get(key)].concat(args)));
          } catch (e) {
            states.delete(key);
            setError(m, ctx, e);
          }
        },
        final(ctx) {
          let result;
          let key = null;
          try {
            key = stateOf(ctx); // a group without rows has no state yet
            result = finalize(states.get(key));
          } catch (e) {
            states.delete(key);
            setError(m, ctx, e);
            return;
          }
          setResult(m, ctx, result);
          states.delete(key);
        },
      });
      withString(m, name, (p) => this.check(m._gj_wasm_sql_create_aggregate(this.p, p, nargs, id)));
    }

    /* callback(op, database, table, rowid) after each row change; null
     * removes it. op: 'insert' | 'update' | 'delete'. */
    updateHook(callback) {
      const m = this.m;
      if (this.hookId) m.gjSqlRelease(this.hookId);
      this.hookId = 0;
      if (callback) {
        const names = { 18: 'insert', 23: 'update', 9: 'delete' };
        this.hookId = addCallback(m, {
          update(op, db, tbl, rowid) {
            callback(names[op], m.UTF8ToString(db), m.UTF8ToString(tbl), rowid);
          },
        });
      }
      this.check(m._gj_wasm_sql_update_hook(this.p, this.hookId));
    }

    /* Finalizes the statements and closes (or ends the borrow). */
    close() {
      if (!this.p) return;
      this.m._gj_sql_close(this.p);
      this.m._free(this.out);
      if (this.hookId) this.m.gjSqlRelease(this.hookId);
      this.p = 0;
    }
  }

  class SqlStmt {
    constructor(sql, ptr) {
      this.sql = sql;
      this.m = sql.m;
      this.p = ptr;
    }

    /* Binding (1-based); each throws SQLite's message on failure. */
    bindNull(i) { this.sql.check(this.m._gj_sql_bind_null(this.p, i)); }
    bindInt(i, v) { this.sql.check(this.m._gj_wasm_sql_bind_int(this.p, i, v)); }
    bindDouble(i, v) { this.sql.check(this.m._gj_sql_bind_double(this.p, i, v)); }
    bindText(i, s) { withBytes(this.m, s, (p, n) => this.sql.check(this.m._gj_sql_bind_text(this.p, i, p, n))); }
    bindBlob(i, bytes) { withBytes(this.m, bytes, (p, n) => this.sql.check(this.m._gj_sql_bind_blob(this.p, i, p, n))); }
    /* The index of a named parameter (":a", "$a", "@a"), 0 if none. */
    bindIndex(name) { return withString(this.m, name, (p) => this.m._gj_sql_bind_index(this.p, p)); }

    /* true: a row is ready; false: done; throws on error. */
    step() {
      const rc = this.m._gj_sql_step(this.p);
      if (rc === SQL_ROW) return true;
      if (rc === SQL_DONE) return false;
      throw this.sql.error();
    }

    /* Result codes (0 = OK): sql.js reports these as booleans. */
    reset() { return this.m._gj_sql_reset(this.p); }
    clearBindings() { return this.m._gj_sql_clear_bindings(this.p); }
    finalize() {
      if (this.p) this.m._gj_sql_finalize(this.p);
      this.p = 0;
    }

    text() { return this.m.UTF8ToString(this.m._gj_sql_stmt_sql(this.p)); }
    normalizedText() { return this.m.UTF8ToString(this.m._gj_sql_stmt_normalized_sql(this.p)); }
    columnCount() { return this.m._gj_sql_column_count(this.p); }
    dataCount() { return this.m._gj_sql_data_count(this.p); }
    columnName(i) { return this.m.UTF8ToString(this.m._gj_sql_column_name(this.p, i)); }
    /* 1 integer, 2 real, 3 text, 4 blob, 5 null. */
    columnType(i) { return this.m._gj_sql_column_type(this.p, i); }
    columnDouble(i) { return this.m._gj_sql_column_double(this.p, i); }
    columnText(i) {
      const ptr = this.m._gj_sql_column_text(this.p, i);
      return heapText(this.m, ptr, this.m._gj_sql_column_bytes(this.p, i));
    }
    columnBlob(i) {
      const n = this.m._gj_sql_column_bytes(this.p, i);
      const ptr = this.m._gj_sql_column_blob(this.p, i);
      return this.m.HEAPU8.slice(ptr, ptr + n);
    }
  }
  /* ---- end of raw SQL ---- */

  /* ---- Import (gj_import_* in genjin.h; docs/import.md) ----
   * core.importBegin(options) starts an import (one transaction on the
   * core's database; make no other calls until finish or cancel) and
   * returns {feed(bytes), rows(), finish() -> {rc, report}, cancel()}.
   * feed takes a Uint8Array (or a string, encoded as UTF-8) in any split.
   * finish returns rc 'ok' (committed, or a clean dry run) or 'invalid'
   * (bad rows: report.errors; nothing written) with the parsed report;
   * bad options and fatal input errors throw GenjinError. The heap buffer
   * the wrapper allocates is freed by finish or cancel. */
  const CODES = ['ok', 'error', 'nomem', 'invalid', 'not_found', 'conflict', 'bad_request', 'io'];
  const utf8enc = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;

  class Import {
    constructor(core, options) {
      const m = core.m;
      if (!core.db) throw new GenjinError('error', 'the database is closed');
      this.core = core;
      this.m = m;
      this.p = 0;
      this.buf = 0;
      this.bufSize = 0;
      const out = m._malloc(4);
      if (!out) throw new GenjinError('nomem', 'out of memory');
      try {
        const rc = withString(m, JSON.stringify(options || {}),
          (s) => m._gj_import_begin(core.db, s, out));
        this.p = m.HEAP32[out >> 2];
        if (rc !== 0) throw this.error(rc);
      } finally {
        m._free(out);
      }
    }

    error(rc) {
      return new GenjinError(CODES[rc] || 'error', this.m.UTF8ToString(this.m._gj_errmsg(this.core.db)));
    }

    /* Feeds the next bytes; throws GenjinError on a fatal input error
     * (the import is then abandoned: rolled back and freed). */
    feed(bytes) {
      const m = this.m;
      if (!this.p) throw new GenjinError('error', 'the import has ended');
      if (typeof bytes === 'string') bytes = utf8enc.encode(bytes);
      if (this.bufSize < bytes.length) {
        if (this.buf) m._free(this.buf);
        this.bufSize = Math.max(bytes.length, 65536);
        this.buf = m._malloc(this.bufSize);
        if (!this.buf) {
          this.bufSize = 0;
          this.cancel();
          throw new GenjinError('nomem', 'out of memory');
        }
      }
      m.HEAPU8.set(bytes, this.buf);
      const rc = m._gj_import_feed(this.p, this.buf, bytes.length);
      if (rc !== 0) {
        const err = this.error(rc);
        this.cancel();
        throw err;
      }
    }

    /* Data rows parsed so far. */
    rows() { return this.p ? this.m._gj_wasm_import_rows(this.p) : 0; }

    finish() {
      const m = this.m;
      if (!this.p) throw new GenjinError('error', 'the import has ended');
      const rcp = m._malloc(4);
      if (!rcp) throw new GenjinError('nomem', 'out of memory');
      let report = 0;
      try {
        report = m._gj_import_finish(this.p, rcp);
        this.p = 0; /* finish freed it */
        const rc = m.HEAP32[rcp >> 2];
        if (!report) throw new GenjinError('nomem', 'out of memory');
        const parsed = JSON.parse(m.UTF8ToString(report));
        if (rc !== 0 && rc !== 3) throw new GenjinError(CODES[rc] || 'error', parsed.fatal || 'import failed');
        return { rc: CODES[rc], report: parsed };
      } finally {
        m._free(rcp);
        if (report) m._gj_free(report);
        this.release();
      }
    }

    /* Abandons the import: rolls back, frees. Safe to call twice. */
    cancel() {
      if (this.p) this.m._gj_import_free(this.p);
      this.p = 0;
      this.release();
    }

    release() {
      if (this.buf) this.m._free(this.buf);
      this.buf = 0;
      this.bufSize = 0;
    }
  }

  Core.prototype.importBegin = function importBegin(options) { return new Import(this, options); };

  /* Bytes the WASM heap can still grow by (its limit less its size now):
   * what a file import may add (docs/limits.md, "Import"). */
  Core.prototype.heapRoom = function heapRoom() {
    return this.m._gj_wasm_heap_max() - this.m.HEAPU8.length;
  };
  /* ---- end of import ---- */

  /* ---- streaming export ----
   * core.exportBegin(options) starts an export (gj_export_* in genjin.h:
   * {format: 'csv', kind, labels, filter, q, sort, limit, offset} or
   * {format: 'json'}; one read transaction until finish, so make no other
   * calls in between) and returns {next(), finish()}: next() gives the next
   * chunk as a JS-owned Uint8Array (about 64 KiB), null at the end. The
   * chunks together are export.csv's text or export.json's data as JSON
   * text. Bad options and a failed chunk throw GenjinError (a failed chunk
   * finishes the export). core.exportChunks(options) iterates the chunks
   * and finishes. */
  class Export {
    constructor(core, options) {
      const m = core.m;
      if (!core.db) throw new GenjinError('error', 'the database is closed');
      this.core = core;
      this.m = m;
      this.p = 0;
      this.out = m._malloc(8); // the chunk's length and the return code
      if (!this.out) throw new GenjinError('nomem', 'out of memory');
      try {
        const rc = withString(m, JSON.stringify(options || {}), (s) => m._gj_export_begin(core.db, s, this.out));
        this.p = m.HEAP32[this.out >> 2];
        if (rc !== 0) throw this.error(rc);
      } catch (e) {
        this.finish();
        throw e;
      }
    }

    error(rc) {
      return new GenjinError(CODES[rc] || 'error', this.m.UTF8ToString(this.m._gj_errmsg(this.core.db)));
    }

    next() {
      const m = this.m;
      if (!this.p) return null;
      const ptr = m._gj_wasm_export_next(this.p, this.out, this.out + 4);
      const n = m.HEAP32[this.out >> 2];
      const rc = m.HEAP32[(this.out + 4) >> 2];
      if (rc !== 0) {
        const err = this.error(rc);
        this.finish();
        throw err;
      }
      if (n === 0) {
        this.finish();
        return null;
      }
      return m.HEAPU8.slice(ptr, ptr + n);
    }

    /* Ends the export (its read transaction) and frees it. Safe to call twice. */
    finish() {
      if (this.p) this.m._gj_export_finish(this.p);
      this.p = 0;
      if (this.out) this.m._free(this.out);
      this.out = 0;
    }
  }

  Core.prototype.exportBegin = function exportBegin(options) { return new Export(this, options); };
  Core.prototype.exportChunks = function* exportChunks(options) {
    const exp = new Export(this, options);
    try {
      for (let chunk = exp.next(); chunk; chunk = exp.next()) yield chunk;
    } finally {
      exp.finish();
    }
  };
  /* ---- end of export ---- */

  return { Core, GenjinError, Pages, checkDatabase, Sql, SqlStmt, Import, Export };
});
