// Team sync's costs on the page's side (docs/bench.md, "Team sync"):
// the team key's derivation (PBKDF2-SHA-256, 600,000 iterations), the
// bytes of one encrypted one-row change, and sealing and opening 10,000
// of them — in node and in headless Chromium (web/sync/crypto.js as the
// worker runs it).
//
//   node scripts/bench-sync.mjs [--genjin build/genjin]
//
// Last, a pull through a real folder: 1,000 one-row files published to
// `rclone serve webdav` on 127.0.0.1, then listed, downloaded (6 in
// flight) and opened by the sync engine against a stand-in core
// (tests/node/sync_fake_core.js) whose apply costs nothing.
//
// The one-row changesets are real SQLite session changesets of a Genjin
// database (the native CLI's demo data; the sqlite3 shell's .session),
// framed as docs/sync.md "File framing" says with two teammates' deps.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const genjin = resolve(root, arg('--genjin', 'build/genjin'));
const { deriveTeamKey, newTeamId, seal, open, ITERATIONS } = await import(join(root, 'web', 'sync', 'crypto.js'));
const N = 10000;
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/* Changesets of one update of one field, one new follow-up, one new customer. */
function changesets() {
  if (!existsSync(genjin)) throw new Error(`${genjin} is missing: build the native CLI first`);
  const dir = mkdtempSync(join(tmpdir(), 'genjin-bench-sync-'));
  const base = join(dir, 'base.db');
  execFileSync(genjin, ['--db', base, 'demo', '--customers', '30'], { stdio: 'ignore' });
  const sql = {
    'update one field of a customer': "UPDATE customers SET phone = '13800138000' WHERE id = 5;",
    'a new follow-up': "INSERT INTO followups(id, customer_id, rep_id, at, channel, summary, outcome, next_action, next_due_at) VALUES (4294967297123, 5, 1, 1764850000000, 'phone', '电话沟通了新报价，客户希望下周再确认一次细节', 'positive', '发送正式报价单', 1765450000000);",
    'a new customer': "INSERT INTO customers(id, name, company, industry, source, channel, region, phone, email, owner_id, tier, status, created_at) VALUES (4294967297124, '王小明', '杭州明远科技有限公司', '制造业', '展会', 'phone', '华东', '13800138000', 'wang@example.com', 1, 'A', 'lead', 1764850000000);",
  };
  const out = {};
  for (const [name, stmt] of Object.entries(sql)) {
    const db = join(dir, 'x.db');
    copyFileSync(base, db);
    const cs = join(dir, 'cs.bin');
    execFileSync('sqlite3', [db, '.session open main s', '.session s attach customers', '.session s attach followups', stmt,
      `.session s changeset ${cs}`, '.session s close']);
    out[name] = new Uint8Array(readFileSync(cs));
    rmSync(db);
  }
  rmSync(dir, { recursive: true, force: true });
  return out;
}

/* "GJC1" + one record: device seq hlc schema ndeps (device seq)×2, changeset. */
function frame(cs) {
  const header = new Uint8Array(32 + 2 * 16);
  const v = new DataView(header.buffer);
  header.set(crypto.getRandomValues(new Uint8Array(8)), 0);
  v.setBigUint64(8, 42n);
  v.setBigUint64(16, BigInt(Date.now()) * 1024n);
  v.setUint32(24, 12);
  v.setUint32(28, 2);
  for (let i = 0; i < 2; i++) {
    header.set(crypto.getRandomValues(new Uint8Array(8)), 32 + i * 16);
    v.setBigUint64(40 + i * 16, 17n);
  }
  const out = new Uint8Array(4 + 4 + header.length + 4 + cs.length);
  const o = new DataView(out.buffer);
  out.set(new TextEncoder().encode('GJC1'));
  o.setUint32(4, header.length);
  out.set(header, 8);
  o.setUint32(8 + header.length, cs.length);
  out.set(cs, 12 + header.length);
  return out;
}

const DEVICE = '3f9a0c1b2d4e5f60';
const sets = changesets();
const team = await deriveTeamKey('bench passphrase', newTeamId());
console.log(`| change | changeset | framed plaintext | encrypted file |\n| --- | ---: | ---: | ---: |`);
for (const [name, cs] of Object.entries(sets)) {
  const plain = frame(cs);
  const file = await seal(team, { kind: 'changes', device: DEVICE, first: 42, seq: 42, payload: plain });
  console.log(`| ${name} | ${cs.length} B | ${plain.length} B | ${file.length} B |`);
}

async function nodeTimes() {
  const derive = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await deriveTeamKey('bench passphrase', newTeamId());
    derive.push(performance.now() - t0);
  }
  const plain = frame(sets['a new follow-up']);
  let t0 = performance.now();
  const files = [];
  for (let i = 1; i <= N; i++) files.push(await seal(team, { kind: 'changes', device: DEVICE, first: i, seq: i, payload: plain }));
  const sealMs = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < N; i++) await open(team, files[i], { device: DEVICE, seq: i + 1 });
  return { derive: median(derive), seal: sealMs, open: performance.now() - t0 };
}

async function chromiumTimes() {
  const require = createRequire(import.meta.url);
  const { launch } = require(join(root, 'tests', 'browser', 'chromium.js'));
  const { serve } = await import(join(root, 'scripts', 'serve.mjs'));
  const server = await serve({ dir: join(root, 'web'), port: 0 });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    const plain = Array.from(frame(sets['a new follow-up']));
    return await page.evaluate(async ([n, bytes, device]) => {
      const c = await import('/sync/crypto.js');
      const derive = [];
      let team;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        team = await c.deriveTeamKey('bench passphrase', c.newTeamId());
        derive.push(performance.now() - t0);
      }
      const payload = Uint8Array.from(bytes);
      let t0 = performance.now();
      const files = [];
      for (let i = 1; i <= n; i++) files.push(await c.seal(team, { kind: 'changes', device, first: i, seq: i, payload }));
      const seal = performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < n; i++) await c.open(team, files[i], { device, seq: i + 1 });
      return { derive: derive.sort((a, b) => a - b)[1], seal, open: performance.now() - t0 };
    }, [N, plain, DEVICE]);
  } finally {
    await browser.close();
    server.close();
  }
}

console.log(`\nPBKDF2-SHA-256 ${ITERATIONS} iterations (median of 3); sealing and opening ${N} one-follow-up files, one at a time:\n`);
console.log('| runtime | derive the team key | seal 10,000 | open 10,000 |\n| --- | ---: | ---: | ---: |');
for (const [name, fn] of [['node ' + process.version, nodeTimes], ['Chromium (headless)', chromiumTimes]]) {
  const r = await fn();
  console.log(`| ${name} | ${r.derive.toFixed(0)} ms | ${r.seal.toFixed(0)} ms | ${r.open.toFixed(0)} ms |`);
}

async function folderPull(n) {
  const require = createRequire(import.meta.url);
  const { startWebDav } = require(join(root, 'tests', 'node', 'webdav_server.js'));
  const { FakeCore } = require(join(root, 'tests', 'node', 'sync_fake_core.js'));
  const { SyncEngine } = await import(join(root, 'web', 'sync', 'engine.js'));
  const { WebDavTransport } = await import(join(root, 'web', 'sync', 'webdav.js'));
  const dav = await startWebDav();
  try {
    const t = new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass });
    const writer = new FakeCore('a1a1a1a1a1a1a1a1');
    for (let i = 0; i < n; i++) writer.write(`customer:${i}`, `电话沟通 ${i}`);
    let t0 = performance.now();
    await new SyncEngine({ call: (op, a) => writer.call(op, a), team }).push(t);
    const push = performance.now() - t0;
    const reader = new FakeCore('b2b2b2b2b2b2b2b2');
    t0 = performance.now();
    const r = await new SyncEngine({ call: (op, a) => reader.call(op, a), team }).pull(t);
    if (r.applied !== n) throw new Error(`applied ${r.applied} of ${n}`);
    return { push, pull: performance.now() - t0 };
  } finally {
    dav.stop();
  }
}

const F = 1000;
const f = await folderPull(F);
console.log(`\nThrough rclone serve webdav on 127.0.0.1 (node): push ${F} one-row changes ${f.push.toFixed(0)} ms, pull them ${f.pull.toFixed(0)} ms`);
