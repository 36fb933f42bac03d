// Team sync with the real core, end to end (docs/bench.md, "Team sync"):
// a teammate (the WASM core in node, the page's sync engine) makes N
// one-row changes, each its own write transaction, and pushes them to an
// Apache WebDAV folder on another origin; then a fresh Chromium profile
// on the built app (web/dist) joins the team and presses "Sync now". The
// time from the click until the page shows the finished sync is what is
// measured, per run on a new profile. Also: the bytes on the folder per
// change, packed as a push writes them and as one change alone.
//
//   node scripts/bench-sync-browser.mjs [--changes 10000] [--runs 3]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const N = arg('--changes', 10000);
const RUNS = arg('--runs', 3);
const PASS = 'our team passphrase';

const { serveWeb } = require(join(root, 'tests/browser/webserver.js'));
const { launch } = require(join(root, 'tests/browser/chromium.js'));
const { openFresh } = require(join(root, 'tests/browser/app.js'));
const { startApacheDav } = require(join(root, 'tests/node/apache_dav.js'));
const { Core } = require(join(root, 'web/engine/core.js'));
const { SyncEngine, joinFolder } = await import(join(root, 'web/sync/engine.js'));
const { WebDavTransport } = await import(join(root, 'web/sync/webdav.js'));

const dist = join(root, 'web', 'dist');
const factory = require(join(dist, 'genjin-core.js'));
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const folderBytes = (dir) => readdirSync(dir).filter((f) => f.endsWith('.gjc')).reduce((s, f) => s + statSync(join(dir, f)).size, 0);

const web = serveWeb();
const browser = await launch();
const dav = await startApacheDav({ origin: web.base.replace(/\/$/, '') });
try {
  const transport = () => new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass });

  async function profile() {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const { page } = await openFresh(context, web.base, 'bench-sync', [], 'lang=en');
    await page.evaluate(() => { location.hash = '#/settings'; });
    await page.waitForSelector('#set-sync');
    await page.fill('#sync-url', dav.url);
    await page.fill('#sync-user', dav.user);
    await page.fill('#sync-password', dav.pass);
    await page.click('#sync-folder-save');
    await page.fill('#sync-passphrase', PASS);
    await page.click('#sync-unlock');
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

  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const p = await profile();
    const at = await p.page.getAttribute('#sync-last', 'data-at');
    const s = performance.now();
    await p.page.click('#sync-now');
    await p.page.waitForFunction((b) => {
      const el = document.querySelector('#sync-last');
      return el && el.dataset.at !== b && !document.querySelector('#sync-now').disabled;
    }, at, { timeout: 600000 });
    times.push(performance.now() - s);
    const got = await p.page.evaluate(() => window.genjin.call('customers.list', { limit: 1 }).then((x) => x.total));
    if (got !== total) throw new Error(`the profile has ${got} customers, the teammate ${total}`);
    await p.context.close();
  }
  console.log(JSON.stringify({
    changes: N, files: pushed.files, teammate_writes_ms: Math.round(made), push_ms: Math.round(pushMs),
    bytes_one_new_customer: oneBytes, bytes_one_update: updateBytes, bytes_per_change_packed: Math.round(packed),
    sync_ms: times.map(Math.round), sync_ms_median: Math.round(median(times)),
  }, null, 1));
  mate.close();
} finally {
  dav.stop();
  await browser.close();
  web.close && web.close();
}
