// worker.genjin-sql.js against sql.js's worker.sql-wasm.js: the same
// messages to each (node worker_threads), the same answers.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { norm } = require('./sqljs_cases.js');

const ours = path.join(__dirname, '..', '..', 'web', 'dist', 'worker.genjin-sql.js');
const theirs = path.join(path.dirname(require.resolve('sql.js')), 'worker.sql-wasm.js');

/* Sends each message in turn and collects every answer up to the one
 * that ends it (each: the finished one), as comparable JSON. */
async function converse(file, messages) {
  const worker = new Worker(file);
  const answers = [];
  try {
    for (const msg of messages) {
      await new Promise((resolve, reject) => {
        const onMessage = (data) => {
          answers.push(norm(data));
          if (msg.action !== 'each' || data.finished || data.error !== undefined) {
            worker.off('message', onMessage);
            resolve();
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        worker.postMessage(msg);
      });
    }
  } finally {
    await worker.terminate();
  }
  return answers;
}

const bytes = (() => {
  // A small database file: a table t with two rows, made by sql.js.
  const initSqlJs = require('sql.js');
  return initSqlJs().then((SQL) => {
    const db = new SQL.Database();
    db.run("CREATE TABLE t (a, b); INSERT INTO t VALUES (1, '跟进'), (2, x'0042')");
    return db.export();
  });
})();

test('worker protocol: open, exec, each, getRowsModified, export, close and errors as sql.js answers them', async () => {
  const file = await bytes;
  const messages = [
    { id: 1, action: 'open' },
    { id: 2, action: 'exec', sql: "CREATE TABLE x (n, s); INSERT INTO x VALUES (1, 'a'), (2, 'b'); SELECT * FROM x" },
    { id: 3, action: 'getRowsModified' },
    { id: 4, action: 'each', sql: 'SELECT n, s FROM x WHERE n > $min', params: { $min: 0 } },
    { id: 5, action: 'exec', sql: 'SELECT ? + 1 AS v', params: [41] },
    { id: 6, action: 'exec', sql: 'SELECT 9007199254740993 AS big', config: { useBigInt: true } },
    { id: 7, action: 'exec', sql: 'SELEC 1' },
    { id: 8, action: 'nope' },
    { id: 9, action: 'open', buffer: file },
    { id: 10, action: 'exec', sql: 'SELECT a, b FROM t ORDER BY a' },
    { id: 11, action: 'exec', sql: 'SELECT median(a), padl(b, 4) FROM t WHERE a = 1' },
    { id: 12, action: 'close' },
    { id: 13, action: 'exec', sql: 'SELECT count(*) FROM sqlite_schema' },
  ];
  const [a, b] = await Promise.all([converse(ours, messages), converse(theirs, messages)]);
  assert.deepStrictEqual(a, b);
  assert.deepStrictEqual(a[0], { id: 1, ready: true });
  assert.deepStrictEqual(a[2], { id: 3, rowsModified: 2 });
  assert.deepStrictEqual(a.slice(3, 6), [{ id: 4, row: { n: 1, s: 'a' }, finished: false },
    { id: 4, row: { n: 2, s: 'b' }, finished: false }, { id: 4, finished: true }]);
  assert.deepStrictEqual(a[7].results[0].values, [[{ bigint: '9007199254740993' }]]);
  assert.deepStrictEqual(a[8], { id: 7, error: 'near "SELEC": syntax error' });
  assert.deepStrictEqual(a[9], { id: 8, error: 'Invalid action : nope' });
  assert.deepStrictEqual(a[11].results[0].values, [[1, '跟进'], [2, { blob: [0, 0x42] }]]);
  assert.deepStrictEqual(a[12].results[0].values, [[1, '  跟进']]);
  assert.deepStrictEqual(a[14], { id: 13, results: [{ columns: ['count(*)'], values: [[0]] }] });
});

test('worker protocol: export gives the database file; useOldExtensionFunctions from the first message', async () => {
  const messages = [
    { id: 1, action: 'exec', sql: 'SELECT typeof(ceil(2.5)) AS t', config: { useOldExtensionFunctions: false } },
    { id: 2, action: 'exec', sql: "CREATE TABLE k (v); INSERT INTO k VALUES ('kept')" },
    { id: 3, action: 'export' },
  ];
  const [a, b] = await Promise.all([converse(ours, messages), converse(theirs, messages)]);
  assert.deepStrictEqual(a[0], b[0]);
  assert.deepStrictEqual(a[0].results[0].values, [['real']]);
  const initGenjin = require(path.join(__dirname, '..', '..', 'web', 'dist', 'genjin-sql.js'));
  const SQL = await initGenjin();
  for (const answer of [a[2], b[2]]) {
    assert.strictEqual(answer.id, 3);
    const copy = new SQL.Database(new Uint8Array(answer.buffer.blob));
    assert.deepStrictEqual(copy.exec('SELECT v FROM k')[0].values, [['kept']]);
    copy.close();
  }
});
