// The sync engine (web/sync/engine.js) with three replicas syncing
// through a real WebDAV folder (rclone on 127.0.0.1) and by exchanged
// files. The replicas are a stand-in core (sync_fake_core.js) following
// docs/sync.md's op contract, so what is tested here is the engine: what
// it uploads, downloads, refuses and hands to sync.apply.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { startWebDav } = require('./webdav_server.js');
const { FakeCore } = require('./sync_fake_core.js');

const web = path.join(__dirname, '..', '..', 'web', 'sync');
const load = () => Promise.all(['engine.js', 'webdav.js', 'crypto.js', 'transport.js'].map((f) => import(path.join(web, f))));
const PASS = 'team passphrase 口令';

let dav;
test.before(async () => { dav = await startWebDav(); });
test.after(() => dav && dav.stop());

let folders = 0;
async function teamFolder() {
  const [, { WebDavTransport }] = await load();
  const name = `team-${++folders}`;
  await new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass }).makeDir(name);
  return () => new WebDavTransport({ url: `${dav.url}${name}/`, user: dav.user, password: dav.pass });
}

async function replicas(n, transport) {
  const [{ SyncEngine, joinFolder }] = await load();
  const first = await joinFolder(transport(), PASS, null);
  const out = [];
  for (let i = 0; i < n; i++) {
    const core = new FakeCore(`${i + 1}`.repeat(16).slice(0, 16).replace(/^./, String.fromCharCode(97 + i)));
    const team = i === 0 ? first : await joinFolder(transport(), PASS, null);
    out.push({ core, engine: new SyncEngine({ call: (op, a) => core.call(op, a), team }) });
  }
  return out;
}

test('three replicas edit offline, sync in any order through the folder and end with the same data', async () => {
  const transport = await teamFolder();
  const r = await replicas(3, transport);
  r[0].core.write('customer:1', 'A1');
  r[0].core.write('customer:2', 'A2');
  r[1].core.write('customer:1', 'B1'); // the same customer, edited on two devices
  r[2].core.write('customer:3', 'C3');
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 4; round++) {
    const order = [0, 1, 2].sort(() => rand() - 0.5);
    for (const i of order) {
      const res = await r[i].engine.run(transport());
      assert.deepStrictEqual(res.refused, []);
      assert.strictEqual(res.pending, 0);
    }
    if (round === 1) r[2].core.write('customer:2', 'C2 after seeing A2');
  }
  const data = r.map((x) => JSON.stringify(x.core.data()));
  assert.strictEqual(new Set(data).size, 1, data.join('\n'));
  assert.deepStrictEqual(r[0].core.data(), { 'customer:1': 'B1', 'customer:2': 'C2 after seeing A2', 'customer:3': 'C3' });
  for (const x of r) assert.strictEqual(x.core.call('sync.status').pending, 0, 'every change pushed');
  assert.ok(r.some((x) => x.core.conflicts.some((c) => c.key === 'customer:1' && c.losing === 'A1')), 'the losing edit is kept');
  // the folder: one file per change under each device, nothing readable
  const [{ TEAM_FILE }] = await load();
  const root = path.join(dav.dir, `team-${folders}`);
  assert.deepStrictEqual(fs.readdirSync(root).sort(), ['changes', TEAM_FILE]);
  // a's two offline changes went out together, as one file named for the last
  assert.deepStrictEqual(fs.readdirSync(path.join(root, 'changes', r[0].core.device)).sort(), ['2.gjc']);
  for (const dev of fs.readdirSync(path.join(root, 'changes'))) {
    for (const f of fs.readdirSync(path.join(root, 'changes', dev))) {
      const bytes = fs.readFileSync(path.join(root, 'changes', dev, f));
      assert.ok(!bytes.includes('customer'), `${dev}/${f} is readable`);
    }
  }
});

test('an upload cut off before it was recorded, and a leftover temporary file, do not stop the next sync', async () => {
  const [, , { seal }, { publish }] = await load();
  const transport = await teamFolder();
  const [a, b] = await replicas(2, transport);
  a.core.write('k', 'v1');
  // the file reached the folder but the browser closed before sync.pushed
  const box = a.core.call('sync.outbox', { since: 0 });
  const bytes = await seal(a.engine.team, { kind: 'changes', device: a.core.device, first: 1, seq: 1, payload: Buffer.from(box.changes[0].file, 'base64') });
  await publish(transport(), `changes/${a.core.device}/1.gjc`, bytes);
  await transport().putIfAbsent(`changes/${a.core.device}/2.gjc.0123456789ab.tmp`, new Uint8Array(10)); // torn upload
  a.core.write('k', 'v2');
  const res = await a.engine.run(transport());
  assert.strictEqual(res.pushed, 2);
  assert.strictEqual(a.core.call('sync.status').pending, 0);
  const got = await b.engine.run(transport());
  assert.strictEqual(got.applied, 2);
  assert.deepStrictEqual(b.core.data(), { k: 'v2' });
});

test('a changed file in the folder is refused and named; nothing from it or after it is applied, other devices go on', async () => {
  const transport = await teamFolder();
  const [a, b, c] = await replicas(3, transport);
  a.core.write('a', '1');
  await a.engine.run(transport()); // changes/<a>/1.gjc
  a.core.write('a', '2');
  await a.engine.run(transport()); // changes/<a>/2.gjc
  b.core.write('b', '1');
  await b.engine.run(transport());
  const file = path.join(dav.dir, `team-${folders}`, 'changes', a.core.device, '1.gjc');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 5] ^= 0x40;
  fs.writeFileSync(file, bytes);
  const res = await c.engine.run(transport());
  assert.deepStrictEqual(res.refused.map((x) => [x.file, x.reason]), [[`changes/${a.core.device}/1.gjc`, 'sync_damaged']]);
  assert.strictEqual(res.applied, 1);
  assert.deepStrictEqual(c.core.data(), { b: '1' });
  assert.ok(!c.core.calls.includes('sync.import'));
});

test('a folder of another team and a wrong passphrase are refused before anything is read', async () => {
  const [{ joinFolder }, , { deriveTeamKey, newTeamId }] = await load();
  const transport = await teamFolder();
  const team = await joinFolder(transport(), PASS, null);
  await assert.rejects(joinFolder(transport(), 'not the passphrase', null), { reason: 'sync_wrong_passphrase' });
  const other = await deriveTeamKey(PASS, newTeamId());
  await assert.rejects(joinFolder(transport(), PASS, other), { reason: 'sync_other_team' });
  const again = await joinFolder(transport(), PASS, team);
  assert.deepStrictEqual(again.keyId, team.keyId);
});

test('exchanged files: export my changes, a teammate imports them; the same file again, another team\'s file are refused', async () => {
  const [{ SyncEngine }, , { deriveTeamKey, newTeamId }] = await load();
  const transport = await teamFolder();
  const [a, b] = await replicas(2, transport);
  assert.strictEqual((await a.engine.exportFile(0)).count, 0);
  a.core.write('x', '1');
  a.core.write('y', '2');
  const exp = await a.engine.exportFile(0);
  assert.strictEqual(exp.count, 2);
  assert.match(exp.name, new RegExp(`^genjin-${a.core.device}-1-2\\.gjc$`));
  const res = await b.engine.importFile(exp.bytes, exp.name);
  assert.strictEqual(res.applied.length, 2);
  assert.deepStrictEqual(b.core.data(), { x: '1', y: '2' });
  await assert.rejects(b.engine.importFile(exp.bytes, exp.name), { reason: 'sync_replayed', params: { file: exp.name, device: a.core.device, seq: 2, applied: 2 } });
  const stranger = new SyncEngine({ call: (op, x) => b.core.call(op, x), team: await deriveTeamKey(PASS, newTeamId()) });
  await assert.rejects(stranger.importFile(exp.bytes, exp.name), { reason: 'sync_other_team' });
  const cut = exp.bytes.subarray(0, exp.bytes.length - 1);
  await assert.rejects(b.engine.importFile(cut, exp.name), { reason: 'sync_truncated' });
  assert.strictEqual(b.core.calls.filter((op) => op === 'sync.import').length, 1, 'only the good file reached the core');
});

test('a change that needs one not here yet waits, and applies once that one arrives', async () => {
  const transport = await teamFolder();
  const [a, b, c] = await replicas(3, transport);
  a.core.write('k', 'from a');
  const fromA = await a.engine.exportFile(0);
  await b.engine.importFile(fromA.bytes, fromA.name);
  b.core.write('k', 'from b, after a');
  const fromB = await b.engine.exportFile(0);
  const early = await c.engine.importFile(fromB.bytes, fromB.name);
  assert.strictEqual(early.pending.length, 1);
  assert.deepStrictEqual(c.core.data(), {});
  await c.engine.importFile(fromA.bytes, fromA.name);
  await c.engine.importFile(fromB.bytes, fromB.name);
  assert.deepStrictEqual(c.core.data(), { k: 'from b, after a' });
});

test('many offline changes go out as a few files of up to 200 records, named for their last', async () => {
  const transport = await teamFolder();
  const [a, b] = await replicas(2, transport);
  for (let i = 1; i <= 450; i++) a.core.write(`customer:${i % 37}`, `edit ${i}`);
  const res = await a.engine.push(transport());
  assert.deepStrictEqual(res, { pushed: 450, files: 3, seq: 450 });
  const names = (await transport().list(`changes/${a.core.device}`)).map((e) => e.name).sort();
  assert.deepStrictEqual(names, ['200.gjc', '400.gjc', '450.gjc']);
  const got = await b.engine.pull(transport());
  assert.strictEqual(got.applied, 450);
  assert.deepStrictEqual(b.core.data(), a.core.data());
});
