// The streaming export through the JS wrapper (web/engine/core.js
// Core.exportBegin / exportChunks) on the WASM build: the chunks, joined,
// are the bytes of export.csv's text and of export.json's data; a large
// table comes in several chunks of about 64 KiB; bad options throw; an
// export, finished or abandoned, leaves no transaction behind.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { openCore, GenjinError } = require('./wasm.js');

const CHUNK = 64 * 1024;

async function demoCore() {
  const core = await openCore();
  core.setNow('2025-01-15T00:00:00Z');
  core.call('demo.generate', { customers: 300, seed: 4, now: '2025-01-10' });
  core.call('customers.create', { name: '=SUM(A1)', company: 'a, "b"\nc', pain_points: '长文本 ünïcode' });
  return core;
}

function joined(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

test('CSV chunks join to export.csv\'s bytes', async () => {
  const core = await demoCore();
  const cases = [
    { kind: 'customers' },
    { kind: 'customers', labels: 'zh-CN' },
    { kind: 'customers', filter: { tier: 'A' }, q: 'a', sort: '-name' },
    { kind: 'followups' },
    { kind: 'events' },
  ];
  for (const args of cases) {
    const chunks = [...core.exportChunks({ format: 'csv', ...args })];
    const whole = new TextEncoder().encode(core.call('export.csv', args).csv);
    assert.deepStrictEqual(joined(chunks), whole, JSON.stringify(args));
    for (const c of chunks) assert.ok(c.length <= CHUNK + 4096, `a chunk of ${c.length} bytes`);
  }
  const events = [...core.exportChunks({ format: 'csv', kind: 'events' })];
  assert.ok(events.length > 3, `${events.length} chunks`);
  core.close();
});

test('JSON chunks join to export.json\'s data as the core prints it', async () => {
  const core = await demoCore();
  const chunks = [...core.exportChunks({ format: 'json' })];
  const resp = core.callJson('{"op":"export.json"}');
  const prefix = '{"ok":true,"data":';
  assert.ok(resp.startsWith(prefix));
  const data = new TextEncoder().encode(resp.slice(prefix.length, -1));
  assert.deepStrictEqual(joined(chunks), data);
  const parsed = JSON.parse(new TextDecoder().decode(joined(chunks)));
  assert.strictEqual(parsed.customers.length, core.call('customers.list', { limit: 1 }).total);
  core.close();
});

test('bad options throw naming the option; no transaction is left open', async () => {
  const core = await demoCore();
  assert.throws(() => core.exportBegin({ format: 'xml' }),
    (e) => e instanceof GenjinError && e.code === 'invalid' && /format/.test(e.message));
  assert.throws(() => core.exportBegin({ format: 'csv', kind: 'widgets' }),
    (e) => e instanceof GenjinError && e.code === 'invalid' && /kind/.test(e.message));
  assert.throws(() => core.exportBegin({ format: 'csv', kind: 'customers', labels: 'fr' }),
    (e) => e instanceof GenjinError && e.code === 'invalid' && /labels/.test(e.message));
  // abandoned after its first chunk: finish ends the read, the next write commits
  const exp = core.exportBegin({ format: 'csv', kind: 'events' });
  assert.ok(exp.next().length > 0);
  exp.finish();
  exp.finish(); // twice is safe
  assert.strictEqual(exp.next(), null);
  const id = core.call('reps.create', { name: 'after the export' }).id;
  assert.strictEqual(core.call('reps.get', { id }).name, 'after the export');
  core.close();
});
