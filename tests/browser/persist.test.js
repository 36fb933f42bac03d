// Persistence of the app's database in IndexedDB (web/worker/runtime.js,
// persist.js): data survives a reload and a browser restart with the same
// profile; an IndexedDB failure keeps the data in memory, says so, allows
// a backup download and a retry; two tabs share one writer.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchPersistent } = require('./chromium.js');
const { serveWeb, openApp, until } = require('./webserver.js');
const { call } = require('./app.js');

const web = serveWeb();

/* A browser profile in a temporary directory: launch() starts a browser on
 * it (again after a close: a restart); done() closes whatever is still open
 * (a failed test too) and removes the directory. */
function tempProfile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-profile-'));
  const open = new Set();
  return {
    async launch() {
      const context = await launchPersistent(dir);
      open.add(context);
      context.on('close', () => open.delete(context));
      return context;
    },
    async done() {
      for (const context of open) await context.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/* Opens the app (in English, with the test hooks) on database `db`. */
function openPage(context, db, problems) {
  return openApp(context, web.base, `${db}&test-hooks=1&lang=en`, problems);
}

const count = async (page) => (await call(page, 'db.info')).counts.customers;
/* Waits until the page's database holds n customers. */
const waitCount = (page, n) => until(page,
  async (want) => (await window.genjin.call('db.info')).counts.customers === want, n);

async function addCustomers(page, names) {
  for (const name of names) await call(page, 'customers.create', { name });
  return call(page, 'flush');
}

test('data survives a reload and a browser restart with the same profile', async () => {
  const profile = tempProfile();
  const problems = [];
  try {
    let context = await profile.launch();
    let page = await openPage(context, 'restart', problems);
    assert.strictEqual(await count(page), 0);
    const status = await addCustomers(page, ['甲', '乙', '丙']);
    assert.strictEqual(status.durableTxn, status.txn);
    assert.strictEqual(status.dirtyPages, 0);

    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    assert.strictEqual(await count(page), 3);
    await page.waitForSelector('#storage[data-role="owner"][data-saved="true"]');
    await addCustomers(page, ['丁']);
    await context.close();

    context = await profile.launch();
    page = await openPage(context, 'restart', problems);
    assert.strictEqual(await count(page), 4);
    assert.deepStrictEqual(await call(page, 'storage.check'), { report: 'ok' });
    const names = (await call(page, 'customers.list', { limit: 10 })).items.map((c) => c.name).sort();
    assert.deepStrictEqual(names, ['丁', '丙', '乙', '甲'].sort());
    assert.strictEqual(await page.getAttribute('#storage', 'data-role'), 'owner');
    await context.close();
    assert.deepStrictEqual(problems, []);
  } finally {
    await profile.done();
  }
});

test('an IndexedDB failure keeps the data in memory, offers a backup, and a retry saves it', async () => {
  const profile = tempProfile();
  const problems = [];
  try {
    const context = await profile.launch();
    const page = await openPage(context, 'quota', problems);
    await addCustomers(page, ['保存的']);
    await call(page, 'test.failStorage', { on: true });
    // The write is answered with the error that says it is not saved.
    await assert.rejects(call(page, 'customers.create', { name: '只在内存' }), /QuotaExceededError/);
    await assert.rejects(call(page, 'flush'), /QuotaExceededError/);

    // A clear error, with the data still there.
    await page.waitForSelector('#storage.error[data-role="owner"]');
    assert.match(await page.textContent('#storage'), /Saving failed: QuotaExceededError/);
    assert.ok(await page.isVisible('#retry-save'));
    assert.strictEqual(await count(page), 2);
    const status = await call(page, 'storage.status');
    assert.ok(status.dirtyPages > 0 && status.durableTxn < status.txn, JSON.stringify(status));

    // The backup download is the whole database, as a plain SQLite file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-db')]);
    const bytes = fs.readFileSync(await download.path());
    assert.strictEqual(bytes.subarray(0, 15).toString(), 'SQLite format 3');
    const SQL = await require('sql.js')();
    const db = new SQL.Database(bytes);
    assert.deepStrictEqual(db.exec('SELECT name FROM customers ORDER BY id')[0].values, [['保存的'], ['只在内存']]);
    db.close();

    // Storage works again: Retry saves what was pending.
    await call(page, 'test.failStorage', { on: false });
    await page.click('#retry-save');
    await page.waitForSelector('#storage[data-saved="true"]');
    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    assert.strictEqual(await count(page), 2);
    await context.close();
    assert.deepStrictEqual(problems, []);
  } finally {
    await profile.done();
  }
});

test('every kind of write is answered only once it is stored, or with the error that it is not', async () => {
  const profile = tempProfile();
  const problems = [];
  try {
    const context = await profile.launch();
    const page = await openPage(context, 'answers', problems);
    await call(page, 'test.failStorage', { on: true });
    const answers = await page.evaluate(async () => {
      const g = window.genjin;
      const csv = new Blob(['name,company\n导入一,甲公司\n导入二,乙公司\n'], { type: 'text/csv' });
      const writes = {
        core: () => g.call('customers.create', { name: '核心' }),
        sql: () => g.sqlDatabase().run("INSERT INTO customers (name, created_at) VALUES ('SQL', 1)"),
        import: () => g.call('import.file', { file: csv, kind: 'customers' }),
        demo: () => g.call('demo.generate', { customers: 20, seed: 5 }),
      };
      const out = {};
      for (const [kind, write] of Object.entries(writes)) out[kind] = await write().then(() => 'answered as done', (e) => e.message);
      out.read = await g.call('db.info').then((info) => info.counts.customers, (e) => e.message);
      return out;
    });
    for (const kind of ['core', 'sql', 'import', 'demo']) assert.match(answers[kind], /QuotaExceededError/, kind);
    assert.strictEqual(answers.read, 1 + 1 + 2 + 20); // all in memory; reads still work

    await call(page, 'test.failStorage', { on: false });
    await call(page, 'storage.retry');
    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    assert.strictEqual(await count(page), 24);
    await context.close();
    assert.deepStrictEqual(problems, []);
  } finally {
    await profile.done();
  }
});

test('two tabs: one writer, the other follows and can take over', async () => {
  const profile = tempProfile();
  const problems = [];
  try {
    const context = await profile.launch();
    const a = await openPage(context, 'tabs', problems);
    await addCustomers(a, ['一']);
    const b = await openPage(context, 'tabs', problems);
    assert.strictEqual(await a.getAttribute('#storage', 'data-role'), 'owner');
    await b.waitForSelector('#storage[data-role="passive"]');
    assert.match(await b.textContent('#storage'), /Open in another tab/);
    assert.strictEqual(await count(b), 1);
    await assert.rejects(call(b, 'customers.create', { name: 'x' }), /another tab/);

    // The owner writes; the other tab shows it without a reload.
    await addCustomers(a, ['二', '三']);
    await waitCount(b, 3);

    // "Use here": b becomes the writer, a follows.
    await b.click('#use-here');
    await b.waitForSelector('#storage[data-role="owner"]');
    await a.waitForSelector('#storage[data-role="passive"]');
    await addCustomers(b, ['四']);
    await waitCount(a, 4);
    await assert.rejects(call(a, 'customers.create', { name: 'x' }), /another tab/);

    // Closing the owner's tab hands the database back to the other one.
    await b.close();
    await a.waitForSelector('#storage[data-role="owner"]');
    await addCustomers(a, ['五']);
    assert.strictEqual(await count(a), 5);
    assert.deepStrictEqual(await call(a, 'storage.check'), { report: 'ok' });
    await context.close();
    assert.deepStrictEqual(problems, []);
  } finally {
    await profile.done();
  }
});
