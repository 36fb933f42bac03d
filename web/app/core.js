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

  class GenjinError extends Error {
    constructor(code, message, field) {
      super(message);
      this.name = 'GenjinError';
      this.code = code;
      this.field = field || null;
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
        throw new GenjinError(e.code || 'error', e.message || 'unknown error', e.field);
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

  return { Core, GenjinError, Pages, checkDatabase };
});
