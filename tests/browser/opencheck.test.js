// Opening a stored database (web/worker/runtime.js, check.js, persist.js):
// it answers reads while its integrity check runs in a second worker; a
// write sent meanwhile waits, visibly, and lands once the check has
// passed; a database that fails the check is never written over; a store
// of the first version (every page its own record) opens and is folded
// into chunks. The check's result is held until the test releases it
// (?hold-check=1 with the test hooks), so "while the check runs" is a
// state, not a race.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb, openApp, until } = require('./webserver.js');
const { call, freshDb } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());

const open = (context, db, problems, extra = '') => openApp(context, web.base, `${db}&test-hooks=1&lang=en${extra}`, problems);
const count = async (page) => (await call(page, 'db.info')).counts.customers;

/* Everything IndexedDB holds for database `name`, as digests: {version,
 * meta, chunks: {key: sha256}, pages: {key: sha256}}. */
function storedState(page, name) {
  return page.evaluate(async (db) => {
    const idb = await new Promise((resolve, reject) => {
      const r = indexedDB.open(`genjin:${db}`);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = (store) => new Promise((resolve, reject) => {
      if (!idb.objectStoreNames.contains(store)) { resolve([]); return; }
      const s = idb.transaction(store).objectStore(store);
      const keys = s.getAllKeys();
      const values = s.getAll();
      values.onsuccess = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
      values.onerror = () => reject(values.error);
    });
    const hex = async (v) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', v))]
      .map((b) => b.toString(16).padStart(2, '0')).join('');
    const digests = async (rows) => Object.fromEntries(await Promise.all(rows.map(async ([k, v]) => [k, await hex(v)])));
    const meta = (await all('meta'))[0];
    const out = { version: idb.version, meta: meta && meta[1], chunks: await digests(await all('chunks')),
      pages: await digests(await all('pages')) };
    idb.close();
    return out;
  }, name);
}

/* Lets the held integrity check of database `name` finish. */
const releaseCheck = (page, name) => page.evaluate((db) => new BroadcastChannel(`genjin:${db}`).postMessage({ test: 'releaseCheck' }), name);

test('a write sent while the stored database is checked waits, visibly, and lands once it has passed', async () => {
  const context = await browser.newContext();
  const problems = [];
  const db = freshDb('check');
  try {
    let page = await open(context, db, problems);
    for (const name of ['甲', '乙', '丙']) await call(page, 'customers.create', { name });
    await call(page, 'flush');
    await page.close();

    page = await open(context, db, problems, '&hold-check=1');
    await page.waitForSelector('#storage[data-checking="true"]');
    assert.match(await page.textContent('#storage'), /Checking the saved database/);
    assert.strictEqual(await count(page), 3, 'reads are answered while the check runs');
    const before = await storedState(page, db);

    await page.evaluate(() => {
      window.written = window.genjin.call('customers.create', { name: '等待的' }).then((c) => c.name, (e) => `failed: ${e.message}`);
    });
    await page.waitForSelector('#storage[data-waiting="1"]');
    assert.match(await page.textContent('#storage'), /your changes are saved once it has passed/);
    assert.strictEqual((await storedState(page, db)).meta.txn, before.meta.txn, 'nothing is stored before the check passed');

    await releaseCheck(page, db);
    assert.strictEqual(await page.evaluate(() => window.written), '等待的');
    await page.waitForSelector('#storage[data-checking="false"][data-waiting="0"][data-saved="true"]');
    assert.ok((await storedState(page, db)).meta.txn > before.meta.txn);
    assert.strictEqual(await count(page), 4);

    await page.close();
    page = await open(context, db, problems); // without the hold
    assert.strictEqual(await count(page), 4);
    assert.deepStrictEqual(await call(page, 'storage.check'), { report: 'ok' });
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a stored database that fails the check is never written over, not by a write sent while it ran either', async () => {
  const context = await browser.newContext();
  const problems = [];
  const db = freshDb('damaged');
  try {
    let page = await open(context, db, problems);
    await call(page, 'demo.generate', { customers: 30, seed: 3 });
    await call(page, 'flush');
    await page.close();

    // Damage the last page (a data page the app does not read to start),
    // wherever it is stored: its own record or its chunk's copy.
    page = await context.newPage();
    await page.goto(`${web.base}favicon.svg`); // same origin, no app
    await page.evaluate((name) => new Promise((resolve, reject) => {
      const r = indexedDB.open(`genjin:${name}`);
      r.onsuccess = () => {
        const idb = r.result;
        const tx = idb.transaction(['meta', 'pages', 'chunks'], 'readwrite');
        tx.objectStore('meta').get('meta').onsuccess = (e) => {
          const { pageCount, pageSize, chunkPages } = e.target.result;
          const pages = tx.objectStore('pages');
          pages.get(pageCount).onsuccess = (got) => {
            if (got.target.result) {
              pages.put(new Uint8Array(pageSize).fill(0x5a).buffer, pageCount);
              return;
            }
            const c = Math.floor((pageCount - 1) / chunkPages);
            tx.objectStore('chunks').get(c).onsuccess = (chunk) => {
              const bytes = new Uint8Array(chunk.target.result);
              bytes.fill(0x5a, ((pageCount - 1) % chunkPages) * pageSize, ((pageCount - 1) % chunkPages + 1) * pageSize);
              tx.objectStore('chunks').put(bytes.buffer, c);
            };
          };
        };
        tx.oncomplete = () => { idb.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }), db);
    const damaged = await storedState(page, db);
    await page.close();

    page = await context.newPage();
    await page.goto(`${web.base}?db=${db}&test-hooks=1&hold-check=1&lang=en`);
    await page.waitForSelector('#storage[data-checking="true"]', { timeout: 30000 });
    await page.evaluate(() => {
      window.written = window.genjin.call('customers.create', { name: '不该写入' }).then(() => 'answered as done', (e) => e.message);
    });
    await page.waitForSelector('#storage[data-waiting="1"]');
    await releaseCheck(page, db);
    assert.match(await page.evaluate(() => window.written), /integrity check/);
    await page.waitForSelector('#storage[data-role="corrupt"]');
    // The app shows why and offers the restore.
    await page.waitForSelector('#restore-file');
    const after = await storedState(page, db);
    assert.deepStrictEqual(after.pages, damaged.pages);
    assert.deepStrictEqual(after.chunks, damaged.chunks);
    assert.strictEqual(after.meta.txn, damaged.meta.txn);
    assert.strictEqual(after.meta.pageCount, damaged.meta.pageCount);
  } finally {
    await context.close();
  }
});

test('a store of the first version (one record per page) opens as it was and is folded into chunks', async () => {
  const context = await browser.newContext();
  const problems = [];
  const source = freshDb('v1source');
  const db = freshDb('v1');
  try {
    let page = await open(context, source, problems);
    await call(page, 'demo.generate', { customers: 40, seed: 5 });
    const info = await call(page, 'db.info');
    // Write the database the way the first version stored it.
    const pageCount = await page.evaluate(async (name) => {
      const bytes = await window.genjin.call('storage.export');
      const size = (bytes[16] << 8) | bytes[17];
      const idb = await new Promise((resolve, reject) => {
        const r = indexedDB.open(`genjin:${name}`, 1);
        r.onupgradeneeded = () => {
          r.result.createObjectStore('pages');
          r.result.createObjectStore('meta');
          r.result.createObjectStore('log', { keyPath: 'txn' });
        };
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const n = bytes.length / size;
      const tx = idb.transaction(['pages', 'meta'], 'readwrite');
      for (let p = 1; p <= n; p++) tx.objectStore('pages').put(bytes.slice((p - 1) * size, p * size).buffer, p);
      tx.objectStore('meta').put({ txn: 7, pageCount: n, pageSize: size, owner: null }, 'meta');
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
      idb.close();
      return n;
    }, db);
    assert.ok(pageCount > 64, `${pageCount} pages: enough for two chunks' worth of folding`);
    await page.close();

    page = await open(context, db, problems);
    assert.deepStrictEqual((await call(page, 'db.info')).counts, info.counts);
    // Once checked, the owner folds the single pages into chunks.
    await until(page, async () => {
      const s = await window.genjin.call('storage.status');
      return !s.checking && s.singlePages < 32 && !s.saving; // a chunk with fewer stays single
    });
    const stored = await storedState(page, db);
    assert.strictEqual(stored.version, 2);
    assert.ok(Object.keys(stored.pages).length < 32);
    assert.ok(Object.keys(stored.chunks).length >= 1);
    assert.strictEqual(stored.meta.txn, 7);

    await call(page, 'customers.create', { name: '迁移之后' });
    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]');
    assert.strictEqual((await call(page, 'db.info')).counts.customers, info.counts.customers + 1);
    assert.deepStrictEqual(await call(page, 'storage.check'), { report: 'ok' });
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});
