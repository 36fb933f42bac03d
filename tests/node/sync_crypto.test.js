// The encrypted sync file (.gjc, web/sync/crypto.js) under node's
// WebCrypto: what one teammate seals another opens with the same
// passphrase, and every wrong passphrase, changed byte, cut-short file,
// file of another team, misplaced or replayed file is refused with its
// reason, never opened.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');

const web = path.join(__dirname, '..', '..', 'web', 'sync');
const load = () => Promise.all([import(path.join(web, 'crypto.js'))]);

const PASS = '我们的团队口令 2026';
let keys; // derived once per passphrase: each takes ITERATIONS of PBKDF2
async function teamKeys() {
  if (keys) return keys;
  const [c] = await load();
  const teamId = c.newTeamId();
  const [mine, teammate, wrong, other] = await Promise.all([
    c.deriveTeamKey(PASS, teamId), c.deriveTeamKey(PASS, Uint8Array.from(teamId)),
    c.deriveTeamKey(PASS + '!', teamId), c.deriveTeamKey(PASS, c.newTeamId()),
  ]);
  keys = { mine, teammate, wrong, other };
  return keys;
}

const reasonOf = async (promise) => {
  try {
    await promise;
  } catch (e) {
    return e.reason || `(no reason: ${e.message})`;
  }
  return 'opened';
};

test('a teammate with the same passphrase opens the file; the header says who and which sequences', async () => {
  const [c] = await load();
  const { mine, teammate } = await teamKeys();
  assert.ok(c.ITERATIONS >= 600000);
  assert.deepStrictEqual(teammate.keyId, mine.keyId, 'the same passphrase and team make the same key');
  const payload = new TextEncoder().encode('a changeset');
  const file = await c.seal(mine, { kind: 'changes', device: 'dev-a1', first: 3, seq: 5, payload });
  const { header, payload: back } = await c.open(teammate, file, { kind: 'changes', device: 'dev-a1', seq: 5, applied: 2 }, '5.gjc');
  assert.deepStrictEqual(back, payload);
  assert.strictEqual(header.device, 'dev-a1');
  assert.strictEqual(header.first, 3);
  assert.strictEqual(header.seq, 5);
  assert.strictEqual(header.kind, 'changes');
  assert.strictEqual(file.length, 64 + 'dev-a1'.length + payload.length + 16, 'header, changeset and the 16-byte tag');
  assert.strictEqual(new TextDecoder().decode(file.subarray(0, 4)), 'GJCF');
  assert.ok(!Buffer.from(file).includes(Buffer.from('changeset')), 'the contents are not readable in the file');
});

test('every file gets a fresh nonce: sealing the same changes twice gives different bytes', async () => {
  const [c] = await load();
  const { mine } = await teamKeys();
  const args = { kind: 'changes', device: 'd1', first: 1, seq: 1, payload: new Uint8Array(40) };
  const nonces = new Set();
  for (let i = 0; i < 20; i++) nonces.add(Buffer.from((await c.seal(mine, args)).subarray(52, 64)).toString('hex'));
  assert.strictEqual(nonces.size, 20);
});

test('a wrong passphrase and a file of another team are told apart and refused', async () => {
  const [c] = await load();
  const { mine, wrong, other } = await teamKeys();
  const file = await c.seal(mine, { kind: 'changes', device: 'd1', first: 1, seq: 1, payload: new Uint8Array(10) });
  assert.strictEqual(await reasonOf(c.open(wrong, file)), 'sync_wrong_passphrase');
  assert.strictEqual(await reasonOf(c.open(other, file)), 'sync_other_team');
  await assert.rejects(c.deriveTeamKey('short', c.newTeamId()), { reason: 'sync_passphrase_short' });
});

test('no changed byte anywhere in a file lets it open; a changed changeset byte is "damaged"', async () => {
  const [c] = await load();
  const { mine } = await teamKeys();
  const file = await c.seal(mine, { kind: 'changes', device: 'd1', first: 1, seq: 7, payload: new TextEncoder().encode('x'.repeat(50)) });
  const seen = new Map();
  for (let i = 0; i < file.length; i++) {
    const bad = Uint8Array.from(file);
    bad[i] ^= 0x01;
    const r = await reasonOf(c.open(mine, bad));
    assert.notStrictEqual(r, 'opened', `a flip at byte ${i} opened`);
    assert.match(r, /^sync_/, `byte ${i}`);
    seen.set(r, (seen.get(r) || 0) + 1);
  }
  const body = Uint8Array.from(file);
  body[file.length - 20] ^= 0x80;
  assert.strictEqual(await reasonOf(c.open(mine, body)), 'sync_damaged');
  // the sequence numbers and the device are authenticated, not only the changeset
  const seq = Uint8Array.from(file);
  seq[47] = 6;
  assert.strictEqual(await reasonOf(c.open(mine, seq)), 'sync_damaged');
  for (const r of ['sync_not_gjc', 'sync_version', 'sync_other_team', 'sync_wrong_passphrase', 'sync_damaged']) {
    assert.ok(seen.has(r), `some flip gives ${r}: ${[...seen.keys()]}`);
  }
});

test('a file cut short anywhere is refused as truncated; one with bytes added as damaged', async () => {
  const [c] = await load();
  const { mine } = await teamKeys();
  const file = await c.seal(mine, { kind: 'changes', device: 'd1', first: 1, seq: 1, payload: new Uint8Array(30) });
  for (let n = 1; n < file.length; n++) {
    assert.strictEqual(await reasonOf(c.open(mine, file.subarray(0, n), {}, '1.gjc')), 'sync_truncated', `${n} bytes`);
  }
  const err = await c.open(mine, file.subarray(0, file.length - 3), {}, 'changes/d1/1.gjc').catch((e) => e);
  assert.deepStrictEqual(err.params, { file: 'changes/d1/1.gjc', have: file.length - 64 - 2 - 3, want: 30 + 16 });
  const longer = new Uint8Array(file.length + 1);
  longer.set(file);
  assert.strictEqual(await reasonOf(c.open(mine, longer)), 'sync_damaged');
  assert.strictEqual(await reasonOf(c.open(mine, new Uint8Array(0))), 'sync_truncated');
  assert.strictEqual(await reasonOf(c.open(mine, new TextEncoder().encode('PK\u0003\u0004 a zip file'))), 'sync_not_gjc');
});

test('an old file served again, or a file under another name, is refused', async () => {
  const [c] = await load();
  const { mine } = await teamKeys();
  const file = await c.seal(mine, { kind: 'changes', device: 'd1', first: 4, seq: 4, payload: new Uint8Array(3) });
  const err = await c.open(mine, file, { device: 'd1', seq: 4, applied: 4 }, 'changes/d1/4.gjc').catch((e) => e);
  assert.strictEqual(err.reason, 'sync_replayed');
  assert.deepStrictEqual(err.params, { file: 'changes/d1/4.gjc', device: 'd1', seq: 4, applied: 4 });
  assert.strictEqual(await reasonOf(c.open(mine, file, { device: 'd1', seq: 9 })), 'sync_misplaced');
  assert.strictEqual(await reasonOf(c.open(mine, file, { device: 'd2', seq: 4 })), 'sync_misplaced');
  assert.strictEqual(await reasonOf(c.open(mine, file, { kind: 'snapshot' })), 'sync_misplaced');
  assert.strictEqual(await reasonOf(c.open(mine, file, { device: 'd1', seq: 4, applied: 3 })), 'opened');
});

test('large changes are compressed before sealing and come back exactly', async () => {
  const [c] = await load();
  const { mine } = await teamKeys();
  const rows = Array.from({ length: 200 }, (_, i) => `UPDATE customers SET name = '客户 ${i}' WHERE id = ${i};`).join('\n');
  const payload = new TextEncoder().encode(rows);
  const file = await c.seal(mine, { kind: 'export', device: 'd1', first: 1, seq: 200, payload });
  assert.ok(file.length < payload.length / 2, `${file.length} bytes for ${payload.length}`);
  assert.deepStrictEqual((await c.open(mine, file)).payload, payload);
});

test('a file in any other envelope is not a sync file', async () => {
  const [c] = await load();
  const { mine } = await teamKeys();
  const file = new Uint8Array(Buffer.concat([Buffer.from('GJE1'), Buffer.alloc(80, 7)]));
  assert.strictEqual(await reasonOf(c.open(mine, file)), 'sync_not_gjc');
});
