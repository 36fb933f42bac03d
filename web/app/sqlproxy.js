/*
 * The page's promise-based proxy of the sql.js-compatible API on the app's
 * own database, which lives in the worker (sqlworker.js answers):
 *
 *   const db = client.sqlDatabase();
 *   const [{ columns, values }] = await db.exec('SELECT name FROM customers');
 *   const stmt = await db.prepare('SELECT * FROM deals WHERE amount > ?');
 *   await stmt.bind([1000]);
 *   while (await stmt.step()) console.log(await stmt.getAsObject());
 *   await stmt.free();
 *
 * Same methods and results as sql.js's Database/Statement, each returning
 * a promise; errors reject with SQLite's message. Writes are saved like
 * every other write of the app. Not available across the worker boundary:
 * create_function, create_aggregate, updateHook (functions cannot be
 * sent), iterateStatements; close() frees this proxy's statements and
 * leaves the app database open.
 */
export class SqlDatabaseProxy {
  /* client: a WorkerClient (protocol.js). */
  constructor(client) {
    this.client = client;
    this.stmts = new Set();
  }

  call(op, args) { return this.client.call(op, args); }

  exec(sql, params, config) { return this.call('sql.exec', { sql, params, config }); }

  /* Resolves to this proxy (sql.js's run returns the database). */
  async run(sql, params) {
    await this.call('sql.run', { sql, params });
    return this;
  }

  async each(sql, params, callback, done, config) {
    if (typeof params === 'function') {
      done = callback;
      callback = params;
      params = undefined;
    }
    const rows = await this.call('sql.each', { sql, params, config });
    for (const row of rows) callback(row);
    return typeof done === 'function' ? done() : undefined;
  }

  async prepare(sql, params) {
    const id = await this.call('sql.prepare', { sql, params });
    const stmt = new SqlStatementProxy(this, id);
    this.stmts.add(stmt);
    return stmt;
  }

  export() { return this.call('sql.export'); }
  getRowsModified() { return this.call('sql.getRowsModified'); }

  async close() {
    const ids = [...this.stmts].map((s) => s.id);
    this.stmts.clear();
    await this.call('sql.close', { stmts: ids });
  }

  create_function() { return unavailable('create_function'); }
  create_aggregate() { return unavailable('create_aggregate'); }
  updateHook() { return unavailable('updateHook'); }
}

function unavailable(name) {
  return Promise.reject(new Error(`${name} is not available through the worker proxy: functions cannot be sent to the worker`));
}

class SqlStatementProxy {
  constructor(db, id) {
    this.db = db;
    this.id = id;
  }

  op(name, args) { return this.db.call(`stmt.${name}`, { stmt: this.id, ...args }); }
  bind(values) { return this.op('bind', { values }); }
  step() { return this.op('step'); }
  get(params, config) { return this.op('get', { params, config }); }
  getAsObject(params, config) { return this.op('getAsObject', { params, config }); }
  getColumnNames() { return this.op('getColumnNames'); }
  getSQL() { return this.op('getSQL'); }
  getNormalizedSQL() { return this.op('getNormalizedSQL'); }
  run(values) { return this.op('run', { values }); }
  reset() { return this.op('reset'); }
  free() {
    this.db.stmts.delete(this);
    return this.op('free');
  }
}
