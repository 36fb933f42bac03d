// One encrypted format for the page and the native CLI: a file that
// `genjin sync export` seals opens with web/sync/crypto.js, and a file the
// page seals (compressed, as its large exports are) is applied by
// `genjin sync import`. Needs the native build (build/genjin).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const genjin = path.join(__dirname, '..', '..', 'build', 'genjin');
const crypto = () => import(path.join(__dirname, '..', '..', 'web', 'sync', 'crypto.js'));
const PASS = 'correct horse battery staple';

function run(db, ...args) {
  return JSON.parse(execFileSync(genjin, ['--db', db, ...args], { encoding: 'utf8' }));
}

test('the CLI and the page read each other\'s .gjc files', async () => {
  assert.ok(fs.existsSync(genjin), `${genjin} is not built (scripts/build.sh)`);
  const c = await crypto();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-sync-native-'));
  try {
    const teamId = c.newTeamId();
    const team = await c.deriveTeamKey(PASS, teamId);
    fs.writeFileSync(path.join(dir, 'pass'), `${PASS}\n`);
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    run(a, 'call', '{"op":"sync.enable"}');
    const ids = [];
    for (let i = 0; i < 60; i++) ids.push(run(a, 'call', JSON.stringify({ op: 'customers.create', args: { name: `客户 ${i}`, company: '跟进科技有限公司' } })).data.id);

    // the CLI seals, the page opens
    const sealed = path.join(dir, 'a.gjc');
    run(a, 'sync', 'export', '--out', sealed, '--passphrase-file', path.join(dir, 'pass'), '--team', c.hex(teamId));
    const bytes = new Uint8Array(fs.readFileSync(sealed));
    const { header, payload } = await c.open(team, bytes, { kind: 'export' }, 'a.gjc');
    assert.deepStrictEqual([header.first, header.seq], [1, 60]);
    const plain = path.join(dir, 'a.plain');
    run(a, 'sync', 'export', '--out', plain);
    assert.deepStrictEqual(Buffer.from(payload), fs.readFileSync(plain));

    // the page seals (large: compressed), the CLI opens and applies
    const status = run(a, 'call', '{"op":"sync.status"}').data;
    const page = await c.seal(team, { kind: 'export', device: status.device, first: 1, seq: 60, payload: new Uint8Array(fs.readFileSync(plain)) });
    assert.strictEqual(page[6] & 1, 1, 'the page compressed it');
    fs.writeFileSync(path.join(dir, 'page.gjc'), page);
    const out = run(b, 'sync', 'import', path.join(dir, 'page.gjc'), '--passphrase-file', path.join(dir, 'pass'));
    assert.strictEqual(out.data.applied.length, 60);
    assert.strictEqual(run(b, 'call', JSON.stringify({ op: 'customers.get', args: { id: ids[59] } })).data.name, '客户 59');

    // a file the page sealed for another team is refused by the CLI, naming it
    const other = await c.deriveTeamKey(PASS, c.newTeamId());
    fs.writeFileSync(path.join(dir, 'other.gjc'), await c.seal(other, { kind: 'export', device: status.device, first: 1, seq: 60, payload: new Uint8Array(fs.readFileSync(plain)) }));
    const r = spawnSync(genjin, ['--db', b, 'sync', 'import', path.join(dir, 'other.gjc'), '--passphrase-file', path.join(dir, 'pass'), '--team', c.hex(teamId)], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /other\.gjc belongs to another team \(sync_other_team\); nothing was applied/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The same passphrase typed composed (NFC, as Windows and most input
// methods write "é") or decomposed (NFD, as macOS often does: "e" and a
// combining accent) opens the same team, on the page and in the CLI.
test('a passphrase typed decomposed (NFD) or composed (NFC) is the same team key, page and CLI', async () => {
  const c = await crypto();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-sync-nfc-'));
  const nfc = 'café 團隊 Ångström passphrase';
  const nfd = nfc.normalize('NFD');
  assert.notStrictEqual(Buffer.from(nfd), Buffer.from(nfc), 'the two spellings are different bytes');
  try {
    const folder = path.join(dir, 'team');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(dir, 'nfc'), `${nfc}\n`);
    fs.writeFileSync(path.join(dir, 'nfd'), `${nfd}\n`);
    fs.writeFileSync(path.join(dir, 'wrong'), `${nfc.replace('é', 'e')}\n`);
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    run(a, 'call', '{"op":"sync.enable"}');
    const id = run(a, 'call', JSON.stringify({ op: 'customers.create', args: { name: '王小明' } })).data.id;
    // the CLI makes the team with the composed spelling ...
    execFileSync(genjin, ['--db', a, 'sync', '--folder', folder, '--passphrase-file', path.join(dir, 'nfc')], { encoding: 'utf8' });
    const info = JSON.parse(fs.readFileSync(path.join(folder, 'team.json'), 'utf8'));
    // ... the page derives the same key id from the decomposed one
    const page = await c.deriveTeamKey(nfd, c.unhex(info.salt));
    assert.strictEqual(c.hex(page.keyId), info.key_id);
    // ... and so does the CLI: a teammate with the decomposed file joins and gets the change
    const out = JSON.parse(execFileSync(genjin, ['--db', b, 'sync', '--folder', folder, '--passphrase-file', path.join(dir, 'nfd')], { encoding: 'utf8' }));
    assert.strictEqual(out.applied, 1);
    assert.strictEqual(run(b, 'call', JSON.stringify({ op: 'customers.get', args: { id } })).data.name, '王小明');
    // another passphrase is still refused
    const r = spawnSync(genjin, ['--db', b, 'sync', '--folder', folder, '--passphrase-file', path.join(dir, 'wrong')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /wrong passphrase/);
    // a file that is not UTF-8 is refused, said as such
    fs.writeFileSync(path.join(dir, 'latin1'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x70, 0x61, 0x73, 0x73, 0x0a]));
    const bad = spawnSync(genjin, ['--db', b, 'sync', '--folder', folder, '--passphrase-file', path.join(dir, 'latin1')], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /is not UTF-8 text/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// sync.status gives the clock as decimal digits: exact in JavaScript even
// past 2^53 (a clock that ran ahead, or a teammate's), where a JSON number
// would be rounded.
test('sync.status gives the HLC as an exact decimal string', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-sync-hlc-'));
  try {
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    run(a, 'call', '{"op":"sync.enable"}');
    run(b, 'call', '{"op":"sync.enable"}');
    run(a, 'call', '{"op":"customers.create","args":{"name":"x"}}');
    const s = run(a, 'call', '{"op":"sync.status"}').data;
    assert.strictEqual(typeof s.hlc, 'string');
    assert.match(s.hlc, /^[1-9][0-9]*$/);
    // a teammate's record from far in the future: the clock moves past it, exactly
    const plain = path.join(dir, 'a.plain');
    run(a, 'sync', 'export', '--out', plain);
    const file = fs.readFileSync(plain);
    const hlc = (1n << 60n) + 12345n; // not a double
    file.writeBigUInt64BE(hlc, 4 + 4 + 16);
    fs.writeFileSync(plain, file);
    run(b, 'sync', 'import', plain);
    const t = run(b, 'call', '{"op":"sync.status"}').data;
    assert.strictEqual(t.hlc, String(hlc));
    assert.strictEqual(t.peers[0].hlc, String(hlc));
    assert.strictEqual(BigInt(t.hlc), hlc);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
