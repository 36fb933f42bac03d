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
