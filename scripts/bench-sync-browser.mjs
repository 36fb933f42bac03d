// Team sync with the real core, end to end (docs/bench.md, "Team sync"):
// a teammate (the WASM core in node, the page's sync engine) makes N
// one-row changes, each its own write transaction, and pushes them to an
// Apache WebDAV folder on another origin; then a fresh Chromium profile
// on the built app (web/dist) joins the team and presses "Sync now". The
// time from the click until the page shows the finished sync is what is
// measured, per run on a new profile. Also: the bytes on the folder per
// change, packed as a push writes them and as one change alone, and the
// core's share: the same files opened and applied by the WASM core in
// node (sync.apply in the engine's batches), without page or storage.
//
// --anchor DIR: a second app folder (an earlier build) measured the same
// way, its runs interleaved with web/dist's so both see the same load.
//
//   node scripts/bench-sync-browser.mjs [--changes 10000] [--runs 3] [--anchor DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const N = arg('--changes', 10000);
const RUNS = arg('--runs', 3);
const anchorAt = process.argv.indexOf('--anchor');
const ANCHOR = anchorAt > 0 ? resolve(process.argv[anchorAt + 1]) : null;
const PASS = 'our team passphrase';

const { serve } = await import(join(root, 'scripts/serve.mjs'));
const { launch } = require(join(root, 'tests/browser/chromium.js'));
const { openFresh } = require(join(root, 'tests/browser/app.js'));
const { startApacheDav } = require(join(root, 'tests/node/apache_dav.js'));
const { joinTeamFolder } = require(join(root, 'tests/browser/sync-folder.js'));
const { Core } = require(join(root, 'web/engine/core.js'));
const { SyncEngine, joinFolder, toBase64 } = await import(join(root, 'web/sync/engine.js'));
const { open } = await import(join(root, 'web/sync/crypto.js'));
const { WebDavTransport } = await import(join(root, 'web/sync/webdav.js'));

const dist = join(root, 'web', 'dist');
const factory = require(join(dist, 'genjin-core.js'));
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const folderBytes = (dir) => readdirSync(dir).filter((f) => f.endsWith('.gjc')).reduce((s, f) => s + statSync(join(dir, f)).size, 0);

// One server per app folder; the folder's CORS names the first origin,
// so every app is served from that port in turn (one server at a time).
const targets = [{ label: 'web/dist', dir: dist }];
if (ANCHOR) targets.push({ label: ANCHOR, dir: ANCHOR });
let server = await serve({ dir: dist, port: 0 });
const port = server.address().port;
const web = { base: `http://127.0.0.1:${port}/` };
async function serving(dir) {
  await new Promise((r) => server.close(r));
  server = await serve({ dir, port });
}
const browser = await launch();
const dav = await startApacheDav({ origin: web.base.replace(/\/$/, '') });
try {
  const transport = () => new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass });

  async function profile() {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const { page } = await openFresh(context, web.base, 'bench-sync', [], 'lang=en');
    await page.evaluate(() => { location.hash = '#/settings'; });
    await page.waitForSelector('#set-sync');
    await joinTeamFolder(page, dav, PASS);
    await page.waitForSelector('#sync-key-state[data-team]:not([data-team=""])');
    return { context, page };
  }

  // The first profile makes the team (team.json); the teammate joins it.
  const first = await profile();
  await first.context.close();
  const team = await joinFolder(transport(), PASS, null);
  const m = await factory({ wasmBinary: readFileSync(join(dist, 'genjin-core.wasm')) });
  const mate = new Core(m, `genjin-mem:bench-sync-${process.pid}`);
  mate.call('sync.enable', {});
  const engine = new SyncEngine({ call: (op, args) => mate.call(op, args), team });
  const device = mate.call('sync.status', {}).device;

  // one change alone: its file as a push writes it
  const one = mate.call('customers.create', { name: '王小明', company: '杭州明远科技有限公司', phone: '13800138000', tier: 'A' });
  await engine.push(transport());
  const oneBytes = folderBytes(join(dav.dir, 'changes', device));
  mate.call('customers.update', { id: one.id, phone: '13900139000' });
  await engine.push(transport());
  const updateBytes = folderBytes(join(dav.dir, 'changes', device)) - oneBytes;

  // N changes: a fifth new customers, the rest edits of one field each
  const ids = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    if (i % 5 === 0 || !ids.length) ids.push(mate.call('customers.create', { name: `客户 ${i}`, company: '跟进科技有限公司', tier: 'B' }).id);
    else mate.call('customers.update', { id: ids[(i * 7919) % ids.length], phone: `138${String(i).padStart(8, '0')}` });
  }
  const made = performance.now() - t0;
  const before = folderBytes(join(dav.dir, 'changes', device));
  const t1 = performance.now();
  const pushed = await engine.push(transport());
  const pushMs = performance.now() - t1;
  const packed = (folderBytes(join(dav.dir, 'changes', device)) - before) / N;
  const total = mate.call('customers.list', { limit: 1 }).total;

  // The core's share: the folder's files, opened and applied by the WASM
  // core of each app folder in node, in the engine's batches of 200 files.
  const dir = join(dav.dir, 'changes', device);
  const names = readdirSync(dir).filter((f) => /^[0-9]+\.gjc$/.test(f)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  async function coreApply(target) {
    const tm = await require(join(target.dir, 'genjin-core.js'))({ wasmBinary: readFileSync(join(target.dir, 'genjin-core.wasm')) });
    const fresh = new Core(tm, `genjin-mem:bench-apply-${process.pid}-${Math.random()}`);
    const s = performance.now();
    const files = [];
    for (const f of names) {
      const { payload } = await open(team, new Uint8Array(readFileSync(join(dir, f))), { kind: 'changes', device, seq: parseInt(f, 10), applied: 0 }, f);
      files.push(toBase64(payload));
    }
    const opened = performance.now() - s;
    for (let i = 0; i < files.length; i += 200) fresh.call('sync.apply', { files: files.slice(i, i + 200) });
    const all = performance.now() - s;
    fresh.close();
    return { open_ms: opened, apply_ms: all - opened };
  }

  for (const t of targets) { t.times = []; t.open = []; t.apply = []; }
  for (let r = 0; r < RUNS; r++) {
    for (const t of targets) {
      await serving(t.dir);
      const p = await profile();
      const at = await p.page.getAttribute('#sync-last', 'data-at');
      const s = performance.now();
      await p.page.click('#sync-now');
      await p.page.waitForFunction((b) => {
        const el = document.querySelector('#sync-last');
        return el && el.dataset.at !== b && !document.querySelector('#sync-now').disabled;
      }, at, { timeout: 600000 });
      t.times.push(performance.now() - s);
      const got = await p.page.evaluate(() => window.genjin.call('customers.list', { limit: 1 }).then((x) => x.total));
      if (got !== total) throw new Error(`the profile has ${got} customers, the teammate ${total}`);
      await p.context.close();
      const c = await coreApply(t);
      t.open.push(c.open_ms);
      t.apply.push(c.apply_ms);
    }
  }
  console.log(JSON.stringify({
    changes: N, files: pushed.files, teammate_writes_ms: Math.round(made), push_ms: Math.round(pushMs),
    bytes_one_new_customer: oneBytes, bytes_one_update: updateBytes, bytes_per_change_packed: Math.round(packed),
    apps: targets.map((t) => ({
      app: t.label, sync_ms: t.times.map(Math.round), sync_ms_median: Math.round(median(t.times)),
      node_open_ms_median: Math.round(median(t.open)), node_core_apply_ms: t.apply.map(Math.round),
      node_core_apply_ms_median: Math.round(median(t.apply)),
    })),
  }, null, 1));
  mate.close();
} finally {
  dav.stop();
  await browser.close();
  server.close();
}
