// The sql.js-compatible API in Chromium: genjin-sql.js (built into web/dist) loaded
// with a <script> tag (browser global initSqlJs, genjin-core.wasm found
// next to it) runs every case of tests/node/sqljs_cases.js with the same
// output as real sql.js; and the page's promise proxy (client.sqlDatabase)
// on the app's own database in the worker, whose writes are saved to
// IndexedDB like any other and survive a reload.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launch, launchPersistent } = require('./chromium.js');
const { serveWeb, openApp, until, root } = require('./webserver.js');
const { cases, attempt } = require('../node/sqljs_cases.js');

const web = serveWeb();

test('genjin-sql.js in a <script> tag: every case gives what sql.js gives', async () => {
  const SQL = await require('sql.js')();
  const expected = cases.map((c) => attempt(() => c.run(SQL)));
  const browser = await launch();
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    // A blank page of our origin; the script and the WASM are the served files.
    await page.route(`${web.base}sqljs-test.html`, (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><meta charset="utf-8"><script src="genjin-sql.js"></script>',
    }));
    await page.goto(`${web.base}sqljs-test.html`);
    await page.addScriptTag({ path: path.join(root, 'tests', 'node', 'sqljs_cases.js') });
    const actual = await page.evaluate(async () => {
      const SQLg = await window.initSqlJs();
      return window.SqlJsCases.cases.map((c) => window.SqlJsCases.attempt(() => c.run(SQLg)));
    });
    assert.ok(requested.includes('/genjin-core.wasm'), requested.join(' '));
    assert.strictEqual(actual.length, cases.length);
    cases.forEach((c, i) => assert.deepStrictEqual(actual[i], expected[i], c.name));
    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('worker.genjin-sql.js as a Web Worker answers sql.js\'s worker messages', async () => {
  const browser = await launch();
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route(`${web.base}sqljs-worker-test.html`, (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8">',
    }));
    await page.goto(`${web.base}sqljs-worker-test.html`);
    const answers = await page.evaluate(async () => {
      const worker = new Worker('worker.genjin-sql.js'); // finds genjin-core.wasm beside it
      const out = [];
      const send = (msg, count) => new Promise((resolve) => {
        const got = [];
        worker.onmessage = (e) => {
          got.push(e.data);
          if (got.length === count) resolve(got);
        };
        worker.postMessage(msg);
      });
      out.push(...await send({ id: 1, action: 'open' }, 1));
      out.push(...await send({ id: 2, action: 'exec', sql: "CREATE TABLE t (a, b); INSERT INTO t VALUES (1, '跟进');" +
        ' SELECT a, b, median(a) FROM t' }, 1));
      out.push(...await send({ id: 3, action: 'each', sql: 'SELECT b FROM t' }, 2));
      const [exported] = await send({ id: 4, action: 'export' }, 1);
      out.push({ id: exported.id, header: String.fromCharCode(...exported.buffer.subarray(0, 15)) });
      out.push(...await send({ id: 5, action: 'exec', sql: 'SELEC' }, 1));
      worker.terminate();
      return out;
    });
    assert.deepStrictEqual(answers, [
      { id: 1, ready: true },
      { id: 2, results: [{ columns: ['a', 'b', 'median(a)'], values: [[1, '跟进', 1]] }] },
      { id: 3, row: { b: '跟进' }, finished: false }, { id: 3, finished: true },
      { id: 4, header: 'SQLite format 3' },
      { id: 5, error: 'near "SELEC": syntax error' },
    ]);
    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('the worker proxy on the app database: sql.js results as promises; writes survive a reload', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-profile-'));
  const problems = [];
  const context = await launchPersistent(dir);
  try {
    const page = await openApp(context, web.base, 'sqlproxy', problems);
    const r = await page.evaluate(async () => {
      const g = window.genjin;
      await g.call('customers.create', { name: '经由 API' });
      const db = g.sqlDatabase();
      const out = {};
      out.chained = (await db.run('INSERT INTO customers (name, created_at) VALUES (?, ?)', ['经由 SQL', 1700000000])) === db;
      out.modified = await db.getRowsModified();
      out.exec = await db.exec('SELECT name FROM customers ORDER BY id; SELECT count(*) AS n FROM customers');
      const stmt = await db.prepare('SELECT id, name, x\'0102\' AS b FROM customers WHERE name = $n', { $n: '经由 SQL' });
      out.columns = await stmt.getColumnNames();
      out.step = await stmt.step();
      out.row = await stmt.getAsObject();
      out.again = await stmt.step();
      await stmt.free();
      out.freed = await stmt.step().then(() => 'no error', (e) => e.message);
      const rows = [];
      out.done = await db.each('SELECT name FROM customers WHERE id > ?', [0], (row) => rows.push(row.name), () => 'done');
      out.rows = rows;
      out.error = await db.exec('SELEC 1').then(() => 'no error', (e) => e.message);
      out.check = await db.run("INSERT INTO customers (name, created_at) VALUES ('', 1)").then(() => 'no error', (e) => e.message);
      const bytes = await db.export();
      out.header = String.fromCharCode(...bytes.subarray(0, 15));
      out.viaApi = (await g.call('customers.list', {})).items.map((c) => c.name).sort();
      out.fn = await db.create_function('f', () => 1).then(() => 'no error', (e) => e.message);
      const pending = await db.prepare('SELECT 1');
      await db.close();
      out.afterClose = await pending.step().then(() => 'no error', (e) => e.message);
      out.stillOpen = (await db.exec('SELECT count(*) FROM customers'))[0].values;
      out.status = await g.call('flush');
      return out;
    });
    assert.strictEqual(r.chained, true);
    assert.strictEqual(r.modified, 1);
    assert.deepStrictEqual(r.exec, [{ columns: ['name'], values: [['经由 API'], ['经由 SQL']] },
      { columns: ['n'], values: [[2]] }]);
    assert.deepStrictEqual(r.columns, ['id', 'name', 'b']);
    assert.strictEqual(r.step, true);
    assert.deepStrictEqual({ ...r.row, b: Array.from(r.row.b) }, { id: 2, name: '经由 SQL', b: [1, 2] });
    assert.strictEqual(r.again, false);
    assert.strictEqual(r.freed, 'Statement closed');
    assert.strictEqual(r.done, 'done');
    assert.deepStrictEqual(r.rows, ['经由 API', '经由 SQL']);
    assert.strictEqual(r.error, 'near "SELEC": syntax error');
    assert.match(r.check, /CHECK constraint failed/);
    assert.strictEqual(r.header, 'SQLite format 3');
    assert.deepStrictEqual(r.viaApi, ['经由 API', '经由 SQL'].sort());
    assert.match(r.fn, /not available through the worker proxy/);
    assert.strictEqual(r.afterClose, 'Statement closed');
    assert.deepStrictEqual(r.stillOpen, [[2]]);
    assert.strictEqual(r.status.durableTxn, r.status.txn);

    // A raw write without an explicit flush is saved by the runtime too.
    await page.evaluate(() => window.genjin.sqlDatabase().run("UPDATE customers SET name = '改名' WHERE name = '经由 SQL'"));
    await until(page, async () => {
      const s = await window.genjin.call('storage.status');
      return s.durableTxn === s.txn && s.dirtyPages === 0;
    });
    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    const after = await page.evaluate(async () => ({
      sql: await window.genjin.sqlDatabase().exec('SELECT name FROM customers ORDER BY id'),
      api: (await window.genjin.call('db.info')).counts.customers,
    }));
    assert.deepStrictEqual(after.sql, [{ columns: ['name'], values: [['经由 API'], ['改名']] }]);
    assert.strictEqual(after.api, 2);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
