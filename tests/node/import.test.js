// The importer through the JS wrapper (web/engine/core.js Core.importBegin) on
// the WASM build: chunked feeding gives the same rows as one piece, a bad
// row imports nothing and is named, cancel rolls back, GB18030 bytes are
// decoded, bad options throw GenjinError, and the wrapper frees its buffer.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { openCore, GenjinError } = require('./wasm.js');

const fixtures = path.join(__dirname, '..', 'fixtures', 'import');
const read = (name) => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));

function runImport(core, options, bytes, chunk) {
  const imp = core.importBegin(options);
  for (let i = 0; i < bytes.length; i += chunk) imp.feed(bytes.subarray(i, i + chunk));
  return imp.finish();
}

function snapshot(core) {
  return ['reps', 'customers', 'followups', 'audit']
    .map((e) => JSON.stringify(core.call(`${e}.list`, { limit: 100000 }))).join('\n');
}

async function withReps() {
  const core = await openCore();
  core.setNow('2025-01-15T00:00:00Z');
  const r = runImport(core, { kind: 'reps' }, read('reps.csv'), 1 << 20);
  assert.strictEqual(r.rc, 'ok');
  return core;
}

test('chunked feeding gives the same database as one piece', async () => {
  const bytes = read('excel_customers.csv');
  const whole = await withReps();
  const r = runImport(whole, { kind: 'customers' }, bytes, bytes.length);
  assert.strictEqual(r.rc, 'ok');
  assert.strictEqual(r.report.created, 3);
  assert.strictEqual(r.report.mapping['客户名称'], 'name');
  const want = snapshot(whole);
  whole.close();
  for (const chunk of [1, 2, 3, 7, 64]) {
    const core = await withReps();
    const rr = runImport(core, { kind: 'customers' }, bytes, chunk);
    assert.strictEqual(rr.rc, 'ok', `chunk ${chunk}`);
    assert.strictEqual(snapshot(core), want, `chunk ${chunk}`);
    core.close();
  }
});

test('a bad row imports nothing and is named; rows() counts progress', async () => {
  const core = await withReps();
  runImport(core, { kind: 'customers' }, read('excel_customers.csv'), 4096);
  const before = snapshot(core);
  // (with encoding auto nothing is parsed before 64 KiB or the end: the
  // encoding is decided from the whole prefix; the worker names utf-8)
  const imp = core.importBegin({ kind: 'followups', encoding: 'utf-8' });
  imp.feed(read('followups_bad.csv'));
  assert.strictEqual(imp.rows(), 4);
  const r = imp.finish();
  assert.strictEqual(r.rc, 'invalid');
  assert.strictEqual(r.report.committed, false);
  assert.deepStrictEqual(r.report.errors.map((e) => [e.row, e.column, e.value]), [[3, '跟进时间', '2024/13/45']]);
  assert.strictEqual(snapshot(core), before);
  core.close();
});

test('cancel rolls back; the database is usable afterwards', async () => {
  const core = await withReps();
  const before = snapshot(core);
  const imp = core.importBegin({ kind: 'customers' });
  imp.feed(read('excel_customers.csv'));
  imp.cancel();
  imp.cancel(); // twice is fine
  assert.strictEqual(snapshot(core), before);
  assert.throws(() => imp.feed(new Uint8Array(1)), (e) => e instanceof GenjinError);
  assert.strictEqual(core.call('customers.create', { name: 'x' }).id, 1);
  core.close();
});

test('GB18030 bytes are detected and decoded', async () => {
  const core = await withReps();
  // 客户名称,电话 / 张三,138 in GB18030 (our own test data)
  const gb = Uint8Array.from([0xbf, 0xcd, 0xbb, 0xa7, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb5, 0xe7, 0xbb,
    0xb0, 0x0d, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x33, 0x38, 0x0d, 0x0a]);
  const r = runImport(core, { kind: 'customers' }, gb, 3);
  assert.strictEqual(r.rc, 'ok');
  assert.strictEqual(r.report.encoding, 'gb18030');
  assert.strictEqual(core.call('customers.get', { id: 1 }).name, '张三');
  core.close();
});

test('bad options and fatal input throw GenjinError', async () => {
  const core = await withReps();
  assert.throws(() => core.importBegin({ kind: 'widgets' }),
    (e) => e instanceof GenjinError && e.code === 'invalid' && /kind/.test(e.message));
  const imp = core.importBegin({ kind: 'customers', encoding: 'utf-8' });
  assert.throws(() => imp.feed(Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xfe, 0x0a])),
    (e) => e instanceof GenjinError && e.code === 'invalid' && /UTF-8/.test(e.message));
  assert.strictEqual(core.call('customers.list').total, 0);
  core.close();
});

test('the wrapper frees its buffer (heap stays flat over many imports)', async () => {
  const core = await withReps();
  const bytes = new TextEncoder().encode('name\nA\n');
  for (let i = 0; i < 20; i++) runImport(core, { kind: 'customers', dry_run: true }, bytes, 3);
  const before = core.m.HEAPU8.length;
  for (let i = 0; i < 300; i++) runImport(core, { kind: 'customers', dry_run: true }, bytes, 3);
  assert.strictEqual(core.m.HEAPU8.length, before);
  core.close();
});
