// Crash consistency: the page writes in a loop (one row per commit, some
// rows large enough for overflow pages) and the browser's whole process
// group is killed with SIGKILL at a random moment, several rounds on one
// profile. Every reopen must pass integrity_check and hold every row whose
// flush() had resolved before the kill. A transaction still open when the
// browser dies (an import between slices, a BEGIN through the sql.js API)
// is never what the reopened database shows, not even in part.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ARGS } = require('./chromium.js');
const { serveWeb, until } = require('./webserver.js');

const web = serveWeb();
const ROUNDS = 4;

/* Starts Chromium ourselves (so we own its process group to kill) and
 * connects playwright over the DevTools protocol. */
async function startBrowser(profile) {
  const child = spawn(process.env.CHROMIUM || '/usr/bin/chromium',
    [...ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 20000);
    child.stderr.on('data', (d) => {
      text += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${text}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  return { child, browser, context: browser.contexts()[0] };
}

/* A browser on `profile` with the app open at `url`, ready. */
async function openOn(profile, url) {
  const { child, context } = await startBrowser(profile);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
  return { child, page };
}

function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  return exited;
}

test('killing the browser mid-write never loses a flushed row or corrupts the database', { timeout: 180000 }, async () => {
  const url = `${web.base}?db=crash`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-crash-'));
  const acked = new Set();
  let child = null;
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const opened = await openOn(profile, url);
      child = opened.child;
      const { page } = opened;

      const check = await page.evaluate(() => window.genjin.call('storage.check'));
      assert.deepStrictEqual(check, { report: 'ok' }, `round ${round}: integrity_check`);
      const names = new Set((await page.evaluate(() => window.genjin.call('customers.list', { limit: 100000 })))
        .items.map((c) => c.name));
      const lost = [...acked].filter((n) => !names.has(n));
      assert.deepStrictEqual(lost, [], `round ${round}: flushed rows missing after the crash`);
      if (round === ROUNDS) {
        await kill(child);
        break;
      }

      page.on('console', (m) => {
        const t = m.text();
        if (t.startsWith('acked:')) acked.add(t.slice(6));
      });
      page.evaluate(async (r) => {
        for (let i = 0; ; i++) {
          const name = `r${r}-${i}`;
          const pain = i % 5 === 4 ? 'x'.repeat(6000) : null; // overflow pages now and then
          await window.genjin.call('customers.create', { name, pain_points: pain });
          await window.genjin.call('flush');
          console.log(`acked:${name}`);
        }
      }, round).catch(() => {}); // ends with the browser
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
      await kill(child);
      child = null;
    }
    assert.ok(acked.size >= ROUNDS, `only ${acked.size} rows were acknowledged`);
  } finally {
    if (child) await kill(child);
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

/* Starts an import of `rows` customers in the page (after a few writes
 * that are still being saved, so a save is in flight when the import
 * begins) and resolves once it has reported `slices` slices fed. A small
 * page cache makes SQLite write the import's pages into the page store
 * before it commits: a save taken then would hold part of the import. */
async function importUntil(page, rows, slices) {
  await page.evaluate(() => window.genjin.sqlDatabase().exec('PRAGMA cache_size = 50'));
  const fed = new Promise((resolve) => page.on('console', (m) => { if (m.text() === `fed:${slices}`) resolve(); }));
  const done = page.evaluate(([n, want]) => {
    const lines = ['name,company,pain_points'];
    for (let i = 0; i < n; i++) lines.push(`导入${i},公司${i},${'需求说明'.repeat(40)}`);
    const file = new Blob([lines.join('\n')], { type: 'text/csv' });
    for (let i = 0; i < 5; i++) window.genjin.call('customers.create', { name: `之前${i}` });
    let seen = 0;
    return window.genjin.callWithProgress('import.file', { file, kind: 'customers' }, () => {
      if (++seen === want) console.log(`fed:${want}`);
    });
  }, [rows, slices]);
  return { fed, done };
}

test('killing the browser mid-import leaves none of the import; a finished one is all there', { timeout: 120000 }, async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-crash-import-'));
  const url = `${web.base}?db=import&sw=0`;
  const ROWS = 20000;
  let child = null;
  const reopen = async () => {
    const opened = await openOn(profile, url);
    child = opened.child;
    return opened.page;
  };
  const stored = async (page) => ({
    check: await page.evaluate(() => window.genjin.call('storage.check')),
    customers: (await page.evaluate(() => window.genjin.call('db.info'))).counts.customers,
  });
  try {
    let page = await reopen();
    await page.evaluate(() => window.genjin.call('customers.create', { name: '已有' }));
    const { fed, done } = await importUntil(page, ROWS, 4);
    done.catch(() => {}); // ends with the browser
    await fed;
    await kill(child);

    page = await reopen();
    const after = await stored(page);
    assert.deepStrictEqual(after.check, { report: 'ok' });
    // The five writes before the import may or may not have landed; the
    // import must not have, even in part.
    assert.ok(after.customers >= 1 && after.customers <= 6, `${after.customers} customers after the kill`);

    // An import that finished is all there after the kill.
    const second = await importUntil(page, ROWS, 1);
    const report = await second.done;
    assert.strictEqual(report.created, ROWS);
    await kill(child);
    page = await reopen();
    const last = await stored(page);
    assert.deepStrictEqual(last.check, { report: 'ok' });
    assert.strictEqual(last.customers, after.customers + 5 + ROWS);
    await kill(child);
    child = null;
  } finally {
    if (child) await kill(child);
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('a transaction left open through the sql.js API is never saved in part', { timeout: 120000 }, async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-crash-open-'));
  let child = null;
  try {
    let opened = await openOn(profile, `${web.base}?db=open&sw=0`);
    child = opened.child;
    let { page } = opened;
    await page.evaluate(async () => {
      const db = window.genjin.sqlDatabase();
      await window.genjin.call('customers.create', { name: '已有' });
      await db.exec('PRAGMA cache_size = 50'); // the open transaction's pages reach the page store
      // Two commits (the second lands while the first is being saved),
      // then a big transaction that stays open.
      db.run("INSERT INTO customers (name, created_at) VALUES ('一', 1)");
      db.run("INSERT INTO customers (name, created_at) VALUES ('二', 1)");
      await db.exec(`BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO customers (name, pain_points, created_at) SELECT '未提交' || i, hex(randomblob(300)), 1 FROM n`);
    });
    // Whatever the save loop took on has landed, and none of it was a page
    // of the open transaction (thousands of them are dirty by now).
    const before = await page.evaluate(() => window.genjin.call('storage.status'));
    await until(page, async () => !(await window.genjin.call('storage.status')).saving);
    const status = await page.evaluate(() => window.genjin.call('storage.status'));
    assert.ok(status.dirtyPages > 1000, JSON.stringify(status));
    assert.ok(status.bytesWritten - before.bytesWritten <= 20 * status.pageSize,
      `the save loop wrote ${status.bytesWritten - before.bytesWritten} bytes while the transaction was open`);
    await kill(child);

    opened = await openOn(profile, `${web.base}?db=open&sw=0`);
    child = opened.child;
    page = opened.page;
    assert.deepStrictEqual(await page.evaluate(() => window.genjin.call('storage.check')), { report: 'ok' });
    const names = await page.evaluate(async () => (await window.genjin.sqlDatabase()
      .exec("SELECT count(*) FROM customers WHERE name LIKE '未提交%'"))[0].values[0][0]);
    assert.strictEqual(names, 0);
    const n = (await page.evaluate(() => window.genjin.call('db.info'))).counts.customers;
    assert.ok(n >= 1 && n <= 3, `${n} customers`);
    await kill(child);
    child = null;
  } finally {
    if (child) await kill(child);
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
