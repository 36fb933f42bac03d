// The page store through the JS wrapper (core.js Pages): what the worker
// persists after a write, reloading pages into a fresh store, and the
// exported bytes opening in sql.js as a plain SQLite file.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { Core, Pages, checkDatabase } = require('../../web/engine/core.js');

const dist = path.join(__dirname, '..', '..', 'web', 'dist');

async function loadModule() {
  const factory = require(path.join(dist, 'genjin-core.js'));
  return factory({ wasmBinary: fs.readFileSync(path.join(dist, 'genjin-core.wasm')) });
}

test('writes leave dirty pages; a copy of the pages is the same database', async () => {
  const m = await loadModule();
  const pages = new Pages(m, 'genjin-mem:node-a');
  const core = new Core(m, 'genjin-mem:node-a');
  assert.ok(pages.txn > 0, 'the migration is a transaction');
  assert.strictEqual(pages.baseTxn, 0);
  assert.strictEqual(pages.dirty().length, pages.count);
  pages.markClean(pages.txn);
  assert.deepStrictEqual(pages.dirty(), []);

  const before = pages.txn;
  const c = core.call('customers.create', { name: '王五' });
  assert.strictEqual(pages.txn, before + 1);
  const dirty = pages.dirty();
  assert.ok(dirty.includes(1) && dirty.length < pages.count, `dirty: ${dirty}`);

  const copy = new Pages(m, 'genjin-mem:node-b');
  for (let i = 1; i <= pages.count; i++) copy.load(i, pages.page(i));
  copy.setTxn(pages.txn);
  assert.strictEqual(checkDatabase(m, 'genjin-mem:node-b'), 'ok');
  const core2 = new Core(m, 'genjin-mem:node-b');
  assert.strictEqual(core2.call('customers.get', { id: c.id }).name, '王五');
  core2.close();
  core.close();
  assert.ok(copy.drop() && pages.drop());
});

test('the exported bytes open in sql.js', async () => {
  const m = await loadModule();
  const pages = new Pages(m, 'genjin-mem:node-export');
  const core = new Core(m, 'genjin-mem:node-export');
  core.call('customers.create', { name: '赵六' });
  const bytes = pages.bytes();
  assert.strictEqual(Buffer.from(bytes.subarray(0, 15)).toString(), 'SQLite format 3');
  const SQL = await require('sql.js')();
  const db = new SQL.Database(bytes);
  assert.deepStrictEqual(db.exec('SELECT name FROM customers')[0].values, [['赵六']]);
  assert.strictEqual(db.exec('PRAGMA integrity_check')[0].values[0][0], 'ok');
  db.close();
  core.close();
  pages.drop();
});

test('a damaged page fails the check instead of opening', async () => {
  const m = await loadModule();
  const pages = new Pages(m, 'genjin-mem:node-bad');
  new Core(m, 'genjin-mem:node-bad').close();
  const bad = pages.page(2);
  bad.fill(0x5a, 0, 16);
  pages.load(2, bad);
  assert.notStrictEqual(checkDatabase(m, 'genjin-mem:node-bad'), 'ok');
  pages.drop();
});
