/*
 * The sql.js 1.x API (Database, Statement, StatementIterator) on Genjin's
 * own SQLite build, through core.js's Sql/SqlStmt (gj_sql_* in genjin.h).
 * Behaviour follows sql.js 1.16 call for call (docs/sqljs.md lists the
 * differences): values bind as sql.js binds them (numbers that fit 32 bits
 * as integers, others as reals, booleans as 0/1, bigints as text,
 * array-likes as blobs), integers read back as numbers (BigInt with
 * {useBigInt: true}), errors are Errors with SQLite's message.
 *
 * GenjinSqlJs.bind(module, options) gives the classes for one loaded WASM module;
 * GenjinSqlJs.onDatabase(core) is a Database on an open Core's own
 * connection (the worker's app database). Loads as a classic script
 * (importScripts, genjin-sql.js) or as CommonJS.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./core.js'));
  else root.GenjinSqlJs = factory(root.GenjinCore);
})(typeof self !== 'undefined' ? self : this, function (GenjinCore) {
  'use strict';

  const { Sql } = GenjinCore;

  /* options.legacyFunctions: every new Database gets sql.js's legacy
   * extension functions (initSqlJs without useOldExtensionFunctions: false). */
  function bind(module, options) {
    const legacyFunctions = !!(options && options.legacyFunctions);
    /* A prepared statement; created by Database.prepare only. */
    class Statement {
      constructor(stmt, db) {
        this.stmt = stmt; // core.js SqlStmt, null once freed
        this.db = db;
      }

      /* Resets, then binds an array (by position) or an object (by name,
       * prefix included: {$a, ':b', '@c'}); null/undefined binds nothing. */
      bind(values) {
        if (!this.stmt) throw new Error('Statement closed');
        this.reset();
        if (Array.isArray(values)) return this.bindFromArray(values);
        if (values != null && typeof values === 'object') return this.bindFromObject(values);
        return true;
      }

      bindFromArray(values) {
        for (let i = 0; i < values.length; i++) this.bindValue(values[i], i + 1);
        return true;
      }

      bindFromObject(values) {
        for (const name of Object.keys(values)) {
          const i = this.stmt.bindIndex(name);
          if (i !== 0) this.bindValue(values[name], i);
        }
        return true;
      }

      bindValue(val, pos) {
        const s = this.stmt;
        switch (typeof val) {
          case 'string': s.bindText(pos, val); return true;
          case 'number':
          case 'boolean': {
            const num = val + 0;
            if (num === (num | 0)) s.bindInt(pos, num);
            else s.bindDouble(pos, num);
            return true;
          }
          case 'bigint': s.bindText(pos, val.toString()); return true;
          case 'object':
            if (val === null) { s.bindNull(pos); return true; }
            if (val.length != null) { s.bindBlob(pos, val); return true; }
            break;
          default: break;
        }
        throw new Error(`Wrong API use : tried to bind a value of an unknown type (${val}).`);
      }

      /* Runs to the next row: true if there is one. */
      step() {
        if (!this.stmt) throw new Error('Statement closed');
        return this.stmt.step();
      }

      /* The current row (after binding params and stepping once, if
       * given). config.useBigInt: integers as BigInt. */
      get(params, config) {
        config = config || {};
        if (params != null && this.bind(params)) this.step();
        const s = this.stmt;
        const n = s ? s.dataCount() : 0;
        const row = new Array(n);
        for (let i = 0; i < n; i++) {
          switch (s.columnType(i)) {
            case 1: row[i] = config.useBigInt ? BigInt(s.columnText(i)) : s.columnDouble(i); break;
            case 2: row[i] = s.columnDouble(i); break;
            case 3: row[i] = s.columnText(i); break;
            case 4: row[i] = s.columnBlob(i); break;
            default: row[i] = null;
          }
        }
        return row;
      }

      getColumnNames() {
        const n = this.stmt ? this.stmt.columnCount() : 0;
        const names = new Array(n);
        for (let i = 0; i < n; i++) names[i] = this.stmt.columnName(i);
        return names;
      }

      getAsObject(params, config) {
        const values = this.get(params, config);
        const names = this.getColumnNames();
        return Object.fromEntries(names.map((name, i) => [name, values[i]]));
      }

      getSQL() { return this.stmt.text(); }

      /* SQLite's normalized form: literals as ?, e.g. "SELECT*FROM t WHERE x=?;". */
      getNormalizedSQL() { return this.stmt.normalizedText(); }

      /* bind (if values) + step + reset. */
      run(values) {
        if (values != null) this.bind(values);
        this.step();
        return this.reset();
      }

      /* Rewinds and clears the bindings; true when both succeed. */
      reset() {
        return this.stmt.clearBindings() === 0 && this.stmt.reset() === 0;
      }

      /* Bound values are copied by SQLite: nothing to free (sql.js API). */
      freemem() {}

      free() {
        if (!this.stmt) return true; // as sqlite3_finalize(NULL) in sql.js
        this.stmt.finalize();
        this.db.statements.delete(this);
        this.stmt = null;
        return true;
      }
    }

    /* for (const stmt of db.iterateStatements(sql)): each statement in
     * turn, freed when the next is prepared. */
    class StatementIterator {
      constructor(sql, db) {
        this.db = db;
        this.sqlPtr = db.conn.newText(sql);
        this.nextSqlPtr = this.sqlPtr;
        this.nextSqlString = null;
        this.activeStatement = null;
      }

      next() {
        if (this.sqlPtr === null) return { done: true };
        if (this.activeStatement !== null) {
          this.activeStatement.free();
          this.activeStatement = null;
        }
        if (!this.db.db) {
          this.finalize();
          throw new Error('Database closed');
        }
        try {
          const { stmt, tail } = this.db.conn.prepareAt(this.nextSqlPtr);
          this.nextSqlPtr = tail;
          if (stmt === null) {
            this.finalize();
            return { done: true };
          }
          this.activeStatement = this.db.track(new Statement(stmt, this.db));
          return { value: this.activeStatement, done: false };
        } catch (e) {
          this.nextSqlString = this.db.conn.textAt(this.nextSqlPtr);
          this.finalize();
          throw e;
        }
      }

      finalize() {
        if (this.sqlPtr !== null) this.db.conn.freeText(this.sqlPtr);
        this.sqlPtr = null;
      }

      return() {
        if (this.activeStatement !== null) {
          this.activeStatement.free();
          this.activeStatement = null;
        }
        this.finalize();
        return { done: true };
      }

      getRemainingSQL() {
        if (this.nextSqlString !== null) return this.nextSqlString;
        return this.sqlPtr === null ? '' : this.db.conn.textAt(this.nextSqlPtr);
      }

      [Symbol.iterator]() { return this; }
    }

    class Database {
      /* data: the bytes of an SQLite file (Uint8Array or array), or none.
       * (The internal second argument is a core.js Sql to use instead.) */
      constructor(data, conn) {
        this.conn = conn || Sql.open(module, data != null ? data : null);
        if (!conn && legacyFunctions) {
          try {
            this.conn.legacyFunctions();
          } catch (e) {
            this.conn.close();
            throw e;
          }
        }
        this.db = this.conn.p; // non-null while open, as in sql.js
        this.statements = new Set();
      }

      track(stmt) {
        this.statements.add(stmt);
        return stmt;
      }

      open() {
        if (!this.db) throw new Error('Database closed');
      }

      /* Runs sql (every statement when no params), ignoring rows. */
      run(sql, params) {
        this.open();
        if (params) {
          const stmt = this.prepare(sql, params);
          try {
            stmt.step();
          } finally {
            stmt.free();
          }
        } else {
          this.conn.exec(sql);
        }
        return this;
      }

      /* Every statement of sql, with params bound to each; one
       * {columns, values} per statement that returned rows. */
      exec(sql, params, config) {
        this.open();
        const sqlPtr = this.conn.newText(sql);
        let stmt = null;
        try {
          let at = sqlPtr;
          const results = [];
          while (!this.conn.atEnd(at)) {
            const next = this.conn.prepareAt(at);
            at = next.tail;
            if (next.stmt === null) continue;
            stmt = this.track(new Statement(next.stmt, this));
            if (params != null) stmt.bind(params);
            let current = null;
            while (stmt.step()) {
              if (current === null) {
                current = { columns: stmt.getColumnNames(), values: [] };
                results.push(current);
              }
              current.values.push(stmt.get(null, config));
            }
            stmt.free();
            stmt = null;
          }
          return results;
        } catch (e) {
          if (stmt) stmt.free();
          throw e;
        } finally {
          this.conn.freeText(sqlPtr);
        }
      }

      /* callback(row object) for each row, then done(). */
      each(sql, params, callback, done, config) {
        if (typeof params === 'function') {
          done = callback;
          callback = params;
          params = undefined;
        }
        const stmt = this.prepare(sql, params);
        try {
          while (stmt.step()) callback(stmt.getAsObject(null, config));
        } finally {
          stmt.free();
        }
        if (typeof done === 'function') return done();
        return undefined;
      }

      /* The first statement of sql, compiled (and bound to params). */
      prepare(sql, params) {
        this.open();
        const sqlPtr = this.conn.newText(sql);
        let next;
        try {
          next = this.conn.prepareAt(sqlPtr);
        } finally {
          this.conn.freeText(sqlPtr);
        }
        if (next.stmt === null) throw new Error('Nothing to prepare');
        const stmt = new Statement(next.stmt, this);
        if (params != null) stmt.bind(params);
        return this.track(stmt);
      }

      iterateStatements(sql) {
        return new StatementIterator(sql, this);
      }

      /* The database file's bytes; refused inside a write transaction. */
      export() {
        this.open();
        return this.conn.serialize();
      }

      /* Frees the statements and closes the connection (a borrowed one
       * only ends the borrow). Idempotent. */
      close() {
        if (this.db === null) return;
        for (const stmt of [...this.statements]) stmt.free();
        this.conn.close();
        this.db = null;
      }

      getRowsModified() {
        return this.conn.changes();
      }

      /* fn callable from SQL as name, with fn.length arguments. */
      create_function(name, fn) {
        this.open();
        this.conn.createFunction(name, fn.length, fn);
        return this;
      }

      /* {init?, step(state, ...args), finalize?(state)} as the aggregate
       * name, with step.length - 1 arguments. */
      create_aggregate(name, fns) {
        this.open();
        const init = fns.init || (() => null);
        const finalize = fns.finalize || ((state) => state);
        const step = fns.step;
        if (!step) throw new Error(`An aggregate function must have a step function in ${name}`);
        this.conn.createAggregate(name, step.length - 1, init, step, finalize);
        return this;
      }

      /* callback(operation, database, table, rowId) after each row change;
       * null unregisters. */
      updateHook(callback) {
        this.open();
        this.conn.updateHook(callback || null);
        return this;
      }
    }

    return { Database, Statement, StatementIterator };
  }

  /* A Database on core's own connection (raw SQL on the app database). */
  function onDatabase(core) {
    const { Database } = bind(core.m);
    return new Database(null, Sql.borrow(core));
  }

  return { bind, onDatabase };
});
