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

/* A fresh initSqlJs of sql.js and of a copy of genjin-sql.js (each keeps
 * its first promise, so another config needs another load). */
async function loadBoth(config) {
  const sqljsPath = require.resolve('sql.js');
  delete require.cache[sqljsPath];
  const theirsAgain = await require(sqljsPath)(config);
  delete require.cache[sqljsPath];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-sql-'));
  try {
    fs.copyFileSync(path.join(dist, 'genjin-sql.js'), path.join(dir, 'genjin-sql.js'));
    fs.copyFileSync(path.join(dist, 'genjin-core.wasm'), path.join(dir, 'genjin-core.wasm'));
    return [await require(path.join(dir, 'genjin-sql.js'))(config), theirsAgain];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('useOldExtensionFunctions: false leaves SQLite\'s own functions, as in sql.js', async () => {
  const [oursNative, theirsNative] = await loadBoth({ useOldExtensionFunctions: false });
  const sql = ['SELECT ceil(2.5), typeof(ceil(2.5)), log(100), sqrt(16)', 'SELECT median(1)', 'SELECT padl(\'a\', 3)'];
  const run = (SQL) => sql.map((q) => attempt(() => new SQL.Database().exec(q)[0].values));
  const got = run(oursNative);
  assert.deepStrictEqual(got, run(theirsNative));
  assert.deepStrictEqual(got, [{ ok: [[3, 'real', 2, 4]] }, { error: 'no such function: median' },
    { error: 'no such function: padl' }]);
  // The default (legacy functions on) is sql.js's too.
  assert.deepStrictEqual(new ours.Database().exec('SELECT ceil(2.5), log(100) > 4')[0].values, [[3, 1]]);
});

test('legacy functions: replicate of zero times is empty text', () => {
  // (sql.js 1.16 can answer this from stale memory after an earlier call.)
  const db = new ours.Database();
  assert.deepStrictEqual(db.exec("SELECT replicate('跟', 2), replicate('x', 0)")[0].values, [['跟跟', '']]);
});

test('legacy functions stay off the app database (a borrow has SQLite\'s own)', async () => {
  const core = await openCore();
  const db = GenjinSqlJs.onDatabase(core);
  assert.throws(() => db.exec('SELECT median(1)'), /no such function: median/);
  assert.deepStrictEqual(db.exec('SELECT typeof(ceil(2.5))')[0].values, [['real']]);
  db.close();
  core.close();
});

test('FTS5 with the trigram tokenizer finds Chinese and Latin substrings', () => {
  const db = new ours.Database();
  db.run("CREATE VIRTUAL TABLE notes USING fts5(body, tokenize = 'trigram')");
  db.run('INSERT INTO notes VALUES (?), (?), (?)', ['跟进北京客户的报价', 'call Zhang about renewal', '上海客户']);
  const find = (q) => db.exec('SELECT rowid FROM notes WHERE notes MATCH ? ORDER BY rowid', [q])
    .flatMap((r) => r.values.map((v) => v[0]));
  assert.deepStrictEqual(find('"客户"'), []); // under three characters: no trigram to look up
  assert.deepStrictEqual(find('"京客户"'), [1]);
  assert.deepStrictEqual(find('"RENEW"'), [2]); // trigram is case-insensitive by default
  assert.deepStrictEqual(db.exec("SELECT rowid FROM notes WHERE body LIKE '%客户%' ORDER BY rowid")[0].values,
    [[1], [3]]); // LIKE uses the trigram index and still finds two-character needles
  assert.deepStrictEqual(db.exec("SELECT highlight(notes, 0, '[', ']') FROM notes WHERE notes MATCH '北京客'")[0]
    .values, [['跟进[北京客]户的报价']]);
});

test('module helpers sql.js tests use: stackSave, stackRestore, stackAlloc', () => {
  const top = ours.stackSave();
  const p = ours.stackAlloc(64);
  assert.ok(p < top && p >= top - 64 - 16);
  ours.stackRestore(top);
  assert.strictEqual(ours.stackSave(), top);
});
