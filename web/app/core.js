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

    constructor(module) {
      this.m = module;
      this.db = module._gj_wasm_open();
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

  return { Core, GenjinError };
});
