// Settings → Team sync in headless Chromium, with the team folder on
// Apache at another origin (configured as docs/sync.md says): two
// profiles join one team through the folder, a wrong passphrase is
// refused with its message, the folder's password stays in the browser,
// out of the database; and two profiles editing the same customer sync
// to the same data with the conflict listed; a browser killed while its
// upload is under way publishes nothing, keeps its edit, and the next sync
// converges. GENJIN_WEB_DIR serves another build.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { serveWeb } = require('./webserver.js');
const { launch } = require('./chromium.js');
const { openFresh, call } = require('./app.js');
const { startApacheDav } = require('../node/apache_dav.js');
const { joinTeamFolder, syncNow } = require('./sync-folder.js');

const bed = { web: serveWeb(process.env.GENJIN_WEB_DIR || undefined), browser: null };
test.before(async () => { bed.browser = await launch(); });
test.after(() => bed.browser.close());
let dav; // started by the first test: the allowed origin is the app server's, known once it listens
test.after(() => dav && dav.stop());
const startDav = async () => { dav = dav || await startApacheDav({ origin: bed.web.base.replace(/\/$/, '') }); };

const PASS = 'our team passphrase';

/* A fresh profile on #/settings in `lang`. */
async function profile(lang, problems) {
  const context = await bed.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const { page } = await openFresh(context, bed.web.base, 'sync', problems, `lang=${lang}`);
  await page.evaluate(() => { location.hash = '#/settings'; });
  await page.waitForSelector('#set-sync');
  return { context, page };
}

const joinFolder = (page, passphrase) => joinTeamFolder(page, dav, passphrase);

test('two profiles join one team through a folder on another origin; a wrong passphrase is refused', async () => {
  await startDav();
  const problems = [];
  const a = await profile('en', problems);
  const b = await profile('zh-CN', problems);
  try {
    assert.strictEqual((await a.page.textContent('#set-sync-title')).trim(), 'Team sync');
    assert.strictEqual((await b.page.textContent('#set-sync-title')).trim(), '团队同步');
    assert.ok(await a.page.isDisabled('#sync-export'), 'no export before the team key is set');

    await joinFolder(a.page, PASS);
    const team = await a.page.getAttribute('#sync-key-state', 'data-team');
    assert.match(team, /^[0-9a-f]{32}$/);
    const info = JSON.parse(fs.readFileSync(path.join(dav.dir, 'team.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(info).sort(), ['key_id', 'salt', 'version']);
    assert.strictEqual(info.salt, team, 'the folder holds the team id, never the passphrase');
    assert.ok(!fs.readFileSync(path.join(dav.dir, 'team.json'), 'utf8').includes(PASS));

    await joinFolder(b.page, 'not our passphrase');
    assert.strictEqual((await b.page.textContent('#sync-error')).trim(), '口令与团队口令不一致');
    assert.strictEqual(await b.page.getAttribute('#sync-key-state', 'data-team'), '');
    await b.page.fill('#sync-passphrase', PASS);
    await b.page.click('#sync-unlock');
    await b.page.waitForSelector(`#sync-key-state[data-team="${team}"]`);
    assert.strictEqual(await b.page.$('#sync-error'), null);

    // the folder's password: in this browser's localStorage, not in the database
    const kept = await a.page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('genjin.sync:')).map(([, v]) => JSON.parse(v)));
    assert.strictEqual(kept.length, 1);
    assert.strictEqual(kept[0].password, dav.pass);
    const bytes = await a.page.evaluate(async () => Array.from(await window.genjin.call('storage.export')));
    assert.ok(!Buffer.from(bytes).includes(Buffer.from(dav.pass)), 'the password is not in the database');
    assert.ok(!Buffer.from(bytes).includes(Buffer.from(PASS)), 'the passphrase is not in the database');
    // the key survives a reload without the passphrase
    await a.page.reload();
    await a.page.waitForSelector(`#sync-key-state[data-team="${team}"]`);
    assert.deepStrictEqual(await call(a.page, 'sync.keyState'), { team, key_id: info.key_id });
    assert.deepStrictEqual(problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('two profiles edit the same customer, sync through the folder and end with the same data; the conflict is listed', async (t) => {
  await startDav();
  const problems = [];
  const a = await profile('en', problems);
  const b = await profile('en', problems);
  try {
    await joinFolder(a.page, PASS);
    await joinFolder(b.page, PASS);
    const c = await call(a.page, 'customers.create', { name: '两人都改的客户', tier: 'B' });
    assert.strictEqual(await syncNow(a.page), 'true');
    assert.strictEqual(await syncNow(b.page), 'true');
    assert.strictEqual((await call(b.page, 'customers.get', { id: c.id })).name, '两人都改的客户');
    await call(a.page, 'customers.update', { id: c.id, phone: '13800000001' });
    await call(b.page, 'customers.update', { id: c.id, phone: '13800000002' });
    for (const p of [a.page, b.page, a.page]) assert.strictEqual(await syncNow(p), 'true');
    const [ga, gb] = [await call(a.page, 'customers.get', { id: c.id }), await call(b.page, 'customers.get', { id: c.id })];
    assert.strictEqual(ga.phone, gb.phone);
    const listed = [];
    for (const p of [a.page, b.page]) listed.push(await p.$$eval('#sync-conflicts tr[data-conflict]', (rows) => rows.length));
    assert.ok(listed.some((n) => n > 0), `conflict rows: ${listed}`);
    assert.strictEqual(await a.page.textContent('#sync-pending'), '0');
    // restore the losing phone where it is listed: it wins everywhere after the next syncs
    const [loser, other] = listed[0] > 0 ? [a.page, b.page] : [b.page, a.page];
    const lost = (await call(loser, 'sync.conflicts', {})).conflicts[0].losing.phone;
    assert.notStrictEqual(lost, ga.phone);
    await loser.click('#sync-conflicts tr[data-conflict] button');
    await loser.waitForSelector('#sync-conflicts tr[data-conflict] .badge');
    assert.strictEqual((await call(loser, 'customers.get', { id: c.id })).phone, lost);
    for (const p of [loser, other]) assert.strictEqual(await syncNow(p), 'true');
    assert.strictEqual((await call(other, 'customers.get', { id: c.id })).phone, lost);
    assert.deepStrictEqual(problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a browser killed mid-upload leaves no published file, and the next sync converges', async () => {
  await startDav();
  const problems = [];
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'genjin-sync-profile-'));
  const { launchPersistent } = require('./chromium.js');
  const { openApp } = require('./webserver.js');
  const db = `sync-kill-${process.pid}`;
  const open = async () => {
    const context = await launchPersistent(dir);
    const page = await openApp(context, bed.web.base, `${db}&lang=en`, problems);
    await page.evaluate(() => { location.hash = '#/settings'; });
    await page.waitForSelector('#set-sync');
    return { context, page };
  };
  const b = await profile('en', problems);
  let a = await open();
  try {
    await joinFolder(a.page, PASS);
    await joinFolder(b.page, PASS);
    const c = await call(a.page, 'customers.create', { name: '上传中断的客户' });
    // hold the first upload of a changes file, then kill the browser while it is under way
    let seen;
    const held = new Promise((resolve) => { seen = resolve; });
    await a.context.route('**/changes/**', (route) => {
      if (route.request().method() === 'PUT') seen(route.request().url());
      else route.continue();
    });
    // the folder is shared with the earlier tests of this file: compare with what it held before
    const published = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true }).filter((f) => /\d+\.gjc$/.test(f)).sort() : []);
    const before = published(path.join(dav.dir, 'changes'));
    await a.page.click('#sync-now');
    const url = await held;
    assert.match(url, /\.tmp$/, 'the upload goes to a temporary name');
    await a.context.close();
    assert.deepStrictEqual(published(path.join(dav.dir, 'changes')), before, 'nothing was published by the killed upload');

    a = await open();
    await a.page.waitForSelector('#sync-key-state[data-team]:not([data-team=""])');
    assert.strictEqual((await call(a.page, 'customers.get', { id: c.id })).name, '上传中断的客户', 'the edit outlived the browser');
    assert.strictEqual(await syncNow(a.page), 'true');
    assert.strictEqual(await syncNow(b.page), 'true');
    assert.strictEqual((await call(b.page, 'customers.get', { id: c.id })).name, '上传中断的客户');
    await call(b.page, 'customers.update', { id: c.id, tier: 'A' });
    assert.strictEqual(await syncNow(b.page), 'true');
    assert.strictEqual(await syncNow(a.page), 'true');
    const [ga, gb] = [await call(a.page, 'customers.get', { id: c.id }), await call(b.page, 'customers.get', { id: c.id })];
    assert.deepStrictEqual(ga, gb);
    assert.strictEqual(ga.tier, 'A');
    assert.strictEqual(await a.page.textContent('#sync-pending'), '0');
    assert.deepStrictEqual(problems, []);
  } finally {
    await a.context.close().catch(() => {});
    await b.context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
