// The importer on hostile bytes in the WASM build, the way the browser
// worker feeds it (web/worker/import.js over web/engine/core.js): NUL bytes
// anywhere are named by row and column and lose no row after them, the
// encoding rule matches the core's, and a file the WASM heap cannot hold
// is refused before a byte of it is read.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { openCore } = require('./wasm.js');

const enc = new TextEncoder();
const workerImport = () => import(path.join(__dirname, '..', '..', 'web', 'worker', 'import.js'));

/* A File-like object over bytes; `reads` counts slices actually read. */
function fakeFile(bytes, name = 'f.csv', size = bytes.length) {
  const f = {
    name, size, reads: 0,
    slice(a, b) {
      return { arrayBuffer: async () => { f.reads++; return bytes.slice(a, b).buffer; } };
    },
  };
  return f;
}

const CASES = [
  ['end of a line', 'name,phone\nAlice,1\0\nBob,2\nCarol,3\n', 1, 'phone', '1\u2400'],
  ['inside a quoted cell', 'name,phone\n"Al\0ice\nsmith",1\nBob,2\nCarol,3\n', 1, 'name', 'Al\u2400ice\nsmith'],
  ['start of a row', 'name,phone\nAlice,1\n\0Bob,2\nCarol,3\n', 2, 'name', '\u2400Bob'],
  ['last byte', 'name,phone\nAlice,1\nBob,2\nCarol,3\0', 3, 'phone', '3\u2400'],
];

test('a NUL byte is named by row and column, every other row is read', async () => {
  const { GenjinImport } = await workerImport();
  for (const [where, csv, row, column, value] of CASES) {
    const core = await openCore();
    const report = await GenjinImport.run(core, fakeFile(enc.encode(csv)), { kind: 'customers' }, () => {}, () => false);
    assert.strictEqual(report.committed, false, where);
    assert.strictEqual(report.rows, 3, where);
    assert.strictEqual(report.created, 2, where);
    assert.strictEqual(report.error_count, 1, where);
    assert.deepStrictEqual([report.errors[0].row, report.errors[0].column, report.errors[0].reason, report.errors[0].value],
      [row, column, 'nul_byte', value], where);
    assert.strictEqual(core.call('customers.list', {}).total, 0, where);
    core.close();
  }
  {   // at the start of the file: the header's column is named
    const core = await openCore();
    await assert.rejects(
      GenjinImport.run(core, fakeFile(enc.encode('\0name,phone\nAlice,1\n')), { kind: 'customers' }, () => {}, () => false),
      (e) => /column 1 of the header row/.test(e.message));
    core.close();
  }
});

test('import.csv carries a \\u0000 in its text to the importer', async () => {
  const core = await openCore();
  const r = JSON.parse(core.callJson(JSON.stringify({ op: 'import.csv', args: { kind: 'customers', text: 'name,phone\nAlice,1\0\nBob,2\n' } })));
  assert.strictEqual(r.ok, false);
  assert.strictEqual(r.error.reason, 'bad_rows');
  assert.strictEqual(r.error.report.rows, 2);
  assert.strictEqual(r.error.report.errors[0].reason, 'nul_byte');
  assert.strictEqual(r.error.report.errors[0].column, 'phone');
  core.close();
});

test('the worker decides the encoding by the core rule', async () => {
  const { GenjinImport } = await workerImport();
  let csv = 'name,phone\n';
  for (let i = 0; i < 30; i++) csv += `客户${i},1\n`;
  const bytes = new Uint8Array([...enc.encode(csv), 0xe5, 0x9d, 0x8f, 0xff, 0x2c, 0x32, 0x0a]);
  assert.strictEqual(GenjinImport.detectEncoding(bytes), 'utf-8'); // mostly UTF-8: not GB18030
  assert.strictEqual(GenjinImport.detectEncoding(new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0x31, 0x0a])), 'gb18030');
  const core = await openCore();
  await assert.rejects(GenjinImport.run(core, fakeFile(bytes), { kind: 'customers' }, () => {}, () => false),
    (e) => /row 31, column name: the file is not valid UTF-8/.test(e.message));
  core.close();
});

test('a file the WASM heap cannot hold is refused before it is read', async () => {
  const { GenjinImport } = await workerImport();
  const core = await openCore();
  const room = core.heapRoom();
  assert.ok(room > 0 && room < 8 * 2 ** 30, `heap room ${room}`);
  const big = fakeFile(new Uint8Array(0), 'big.csv', Math.ceil(room / GenjinImport.HEAP_PER_BYTE) + 1024 * 1024);
  await assert.rejects(GenjinImport.run(core, big, { kind: 'customers' }, () => {}, () => false), (e) => {
    assert.strictEqual(e.reason, 'file_too_large');
    assert.strictEqual(e.params.max_mb, Math.floor(room / GenjinImport.HEAP_PER_BYTE / 2 ** 20));
    return true;
  });
  assert.strictEqual(big.reads, 0);
  core.close();
});
