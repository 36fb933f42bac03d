/*
 * Worker ops of the sql.js-compatible API on the app's own database (the
 * page's side is app/sqlproxy.js). worker.js merges GenjinSqlWorker.ops(...) into
 * the ops it answers itself, so they run in arrival order after any role
 * change. After each op, a write it made is persisted like any other
 * (runtime.afterWrite: the dirty pages go to IndexedDB).
 *
 * Statements live here, by number; they end with free, with close, or when
 * the runtime reopens the database (another tab's commit, a restore):
 * later ops on them throw "Statement closed".
 */
/* exported GenjinSqlWorker */
import GenjinSqlJs from '../engine/sqljs.js';

export const GenjinSqlWorker = {
  /* runtime(): the GenjinRuntime (set once the worker started). */
  ops(runtime) {
    const stmts = new Map();
    let nextId = 1;

    /* Runs fn(db) on the app database, then persists what it wrote. */
    const withDb = (fn) => {
      const rt = runtime();
      try {
        return fn(rt.sqlDatabase());
      } finally {
        rt.afterWrite();
      }
    };
    const stmtOf = (args) => {
      const s = stmts.get(args.stmt);
      if (!s) throw new Error('Statement closed');
      return s;
    };
    const onStmt = (fn) => (args) => withDb(() => fn(stmtOf(args), args));

    return {
      'sql.exec': (a) => withDb((db) => db.exec(a.sql, a.params, a.config)),
      'sql.run': (a) => withDb((db) => { db.run(a.sql, a.params); return db.getRowsModified(); }),
      'sql.each': (a) => withDb((db) => {
        const rows = [];
        db.each(a.sql, a.params, (row) => rows.push(row), null, a.config);
        return rows;
      }),
      'sql.export': () => withDb((db) => db.export()),
      'sql.getRowsModified': () => withDb((db) => db.getRowsModified()),
      'sql.prepare': (a) => withDb((db) => {
        const stmt = db.prepare(a.sql, a.params);
        const id = nextId++;
        stmts.set(id, stmt);
        return id;
      }),
      'stmt.bind': onStmt((s, a) => s.bind(a.values)),
      'stmt.step': onStmt((s) => s.step()),
      'stmt.get': onStmt((s, a) => s.get(a.params, a.config)),
      'stmt.getAsObject': onStmt((s, a) => s.getAsObject(a.params, a.config)),
      'stmt.getColumnNames': onStmt((s) => s.getColumnNames()),
      'stmt.getSQL': onStmt((s) => s.getSQL()),
      'stmt.getNormalizedSQL': onStmt((s) => s.getNormalizedSQL()),
      'stmt.run': onStmt((s, a) => s.run(a.values)),
      'stmt.reset': onStmt((s) => s.reset()),
      'stmt.free': (a) => {
        const s = stmts.get(a.stmt);
        stmts.delete(a.stmt);
        return s ? s.free() : true;
      },
      /* The page's db.close(): its statements end; the database stays. */
      'sql.close': (a) => {
        for (const id of a.stmts || []) {
          const s = stmts.get(id);
          if (s) s.free();
          stmts.delete(id);
        }
        return true;
      },
    };
  },
};
