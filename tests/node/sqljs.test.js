// The sql.js-compatible API (web/engine/sqljs.js, web/dist/genjin-sql.js):
// every case of sqljs_cases.js runs on real sql.js and on genjin-sql.js
// and must give the same output (drop-in compatibility); then what is
// Genjin's own: initSqlJs's loading (locateFile, one promise), Error
// objects, and a Database on the app's own database (the worker's).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { cases, norm, attempt } = require('./sqljs_cases.js');
const { openCore } = require('./wasm.js');
const GenjinSqlJs = require('../../web/engine/sqljs.js');

const dist = path.join(__dirname, '..', '..', 'web', 'dist');
const initGenjin = require(path.join(dist, 'genjin-sql.js'));
const initSqlJs = require('sql.js');

let ours;
let theirs;
test.before(async () => {
  [ours, theirs] = await Promise.all([initGenjin(), initSqlJs()]);
});

for (const c of cases) {
  test(`same as sql.js: ${c.name}`, () => {
    const expected = attempt(() => c.run(theirs));
    const actual = attempt(() => c.run(ours));
    assert.deepStrictEqual(actual, expected);
    if (c.expect !== undefined) assert.deepStrictEqual(actual, { ok: norm(c.expect) });
  });
}

test('initSqlJs: CommonJS export with .default, one promise, Database on the result', async () => {
  assert.strictEqual(typeof initGenjin, 'function');
  assert.strictEqual(initGenjin.default, initGenjin);
  assert.strictEqual(initGenjin(), initGenjin({ locateFile: () => '/nowhere' })); // like sql.js: the first call wins
  assert.strictEqual(typeof ours.Database, 'function');
  const db = new ours.Database();
  assert.deepStrictEqual(db.exec('SELECT sqlite_version() LIKE \'3.%\'')[0].values, [[1]]);
});

test('initSqlJs: locateFile decides where genjin-core.wasm is loaded from', async () => {
  // A copy of the script elsewhere: a fresh module (the promise is cached
  // per loaded script) whose folder has the WASM under another name.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-sql-'));
  try {
    fs.copyFileSync(path.join(dist, 'genjin-sql.js'), path.join(dir, 'genjin-sql.js'));
    fs.copyFileSync(path.join(dist, 'genjin-core.wasm'), path.join(dir, 'elsewhere.wasm'));
    const init = require(path.join(dir, 'genjin-sql.js'));
    const asked = [];
    const locateFile = (file, prefix) => { asked.push([file, prefix]); return path.join(dir, 'elsewhere.wasm'); };
    const SQL = await init({ locateFile });
    assert.deepStrictEqual(asked[0], ['genjin-core.wasm', `${dir}/`]);
    assert.deepStrictEqual(new SQL.Database().exec('SELECT 40 + 2')[0].values, [[42]]);
    // Without locateFile the file is looked for next to the script.
    fs.rmSync(path.join(dir, 'genjin-sql.js'));
    fs.copyFileSync(path.join(dist, 'genjin-sql.js'), path.join(dir, 'second.js'));
    await assert.rejects(require(path.join(dir, 'second.js'))(), /genjin-core\.wasm/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('errors are Error objects with SQLite\'s message', () => {
  const db = new ours.Database();
  assert.throws(() => db.exec('SELEC 1'), (e) => e instanceof Error && e.message === 'near "SELEC": syntax error');
  db.close();
  assert.throws(() => db.exec('SELECT 1'), (e) => e instanceof Error && e.message === 'Database closed');
});

test('statements and functions leave no heap behind (many runs keep memory flat)', () => {
  const db = new ours.Database();
  db.create_function('f', (x) => `${x}!`);
  const round = () => {
    const stmt = db.prepare('SELECT f(?), ?, ?');
    stmt.get(['text', new Uint8Array(100), 1.5]);
    stmt.free();
    db.exec('SELECT f($a)', { $a: 'x'.repeat(1000) });
    db.close === undefined;
  };
  for (let i = 0; i < 200; i++) round();
  const before = ours.HEAPU8.length;
  for (let i = 0; i < 5000; i++) round();
  assert.strictEqual(ours.HEAPU8.length, before);
  db.close();
});

test('on the app database: raw SQL reads and writes Genjin data; closing keeps the app open', async () => {
  const core = await openCore();
  core.call('customers.create', { name: '甲公司' });
  const db = GenjinSqlJs.onDatabase(core);
  assert.deepStrictEqual(db.exec('SELECT name FROM customers')[0].values, [['甲公司']]);
  db.run('UPDATE customers SET name = ? WHERE name = ?', ['乙公司', '甲公司']);
  assert.strictEqual(db.getRowsModified(), 1);
  assert.deepStrictEqual(core.call('customers.list', {}).items.map((c) => c.name), ['乙公司']);
  // The app's own rules hold: its CHECK constraints and foreign keys.
  assert.throws(() => db.run("INSERT INTO customers (name, created_at) VALUES ('', 0)"), /CHECK constraint failed/);
  assert.throws(() => db.run("INSERT INTO customers (name, created_at, owner_id) VALUES ('x', 0, 999)"),
    /FOREIGN KEY constraint failed/);
  // The export is the app's database, Genjin schema included.
  const copy = new ours.Database(db.export());
  assert.deepStrictEqual(copy.exec('SELECT name FROM customers')[0].values, [['乙公司']]);
  copy.close();
  db.create_function('shout', (s) => s.toUpperCase());
  const stmt = db.prepare('SELECT shout(name) FROM customers');
  db.close(); // frees stmt and removes shout from the app's connection
  assert.throws(() => stmt.step(), /Statement closed/);
  assert.strictEqual(core.call('db.info').counts.customers, 1);
  const again = GenjinSqlJs.onDatabase(core);
  assert.throws(() => again.exec('SELECT shout(1)'), /no such function: shout/);
  again.close();
  core.close();
});
