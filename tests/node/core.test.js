// The JS wrapper of the WASM exports: errors become GenjinError, memory is
// freed, the WASM core gives the same data as the native one.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { openCore, GenjinError } = require('./wasm.js');

test('call returns data and throws GenjinError naming the field', async () => {
  const core = await openCore();
  const info = core.call('db.info');
  assert.strictEqual(info.schema_version, 4);
  assert.strictEqual(info.counts.customers, 0);
  assert.throws(() => core.call('surveys.create', { kind: 'csat', score: 9 }),
    (e) => e instanceof GenjinError && e.code === 'invalid' && e.field === 'score');
  assert.throws(() => core.call('nosuch.op'), (e) => e.code === 'bad_request' && e.field === 'op');
  core.close();
});

test('malformed JSON gets an error envelope, not an exception', async () => {
  const core = await openCore();
  const r = JSON.parse(core.callJson('{not json'));
  assert.strictEqual(r.ok, false);
  assert.strictEqual(r.error.code, 'bad_request');
  core.close();
});

test('the wrapper frees what it allocates (heap stays flat over many calls)', async () => {
  const core = await openCore();
  const big = 'x'.repeat(100000);
  const c = core.call('customers.create', { name: '张三', pain_points: big });
  for (let i = 0; i < 50; i++) core.call('customers.get', { id: c.id });
  const before = core.m.HEAPU8.length;
  for (let i = 0; i < 2000; i++) core.call('customers.get', { id: c.id });
  assert.strictEqual(core.m.HEAPU8.length, before, 'heap grew: something is not freed');
  core.close();
});

test('a closed core refuses calls', async () => {
  const core = await openCore();
  core.close();
  assert.throws(() => core.call('db.info'), /closed/);
});

test('demo data from WASM equals demo data from the native CLI', async (t) => {
  const cli = path.join(__dirname, '..', '..', 'build', 'genjin');
  if (!fs.existsSync(cli)) {
    t.skip('native build/genjin is not built');
    return;
  }
  const core = await openCore();
  core.call('demo.generate', { customers: 60, seed: 11, now: '2025-03-01' });
  const tmp = fs.mkdtempSync('/tmp/genjin-node-');
  const db = path.join(tmp, 'n.db');
  try {
    execFileSync(cli, ['--db', db, 'demo', '--customers', '60', '--seed', '11', '--now', '2025-03-01']);
    for (const entity of ['reps', 'customers', 'deals', 'deal_stages', 'followups', 'tickets', 'surveys', 'orders', 'events']) {
      const req = JSON.stringify({ op: `${entity}.list`, args: { limit: 100000 } });
      const native = JSON.parse(execFileSync(cli, ['--db', db, 'call', req], { maxBuffer: 1 << 28 }).toString());
      const wasm = JSON.parse(core.callJson(req));
      assert.ok(native.ok && wasm.ok, `${entity}.list failed`);
      assert.ok(native.data.total > 0, `${entity}: no demo rows`);
      assert.deepStrictEqual(wasm.data, native.data, `${entity} differ between WASM and native`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    core.close();
  }
});
