// Persistence benchmark in headless Chromium: Genjin (page store, dirty
// pages to IndexedDB) against sql.js exporting the whole file to IndexedDB
// on every save, for databases of 1, 10 and 100 MB. Measures the median
// latency from a one-row insert to durable, bytes written per one-row
// commit, and cold open (new browser process, same profile) to the first
// query. Usage: node scripts/bench-persist.mjs [sizes in MB, default 1 10 100]
// Prints a Markdown table (docs/bench.md keeps the last run).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { launchPersistent } = require('../tests/browser/chromium.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1, 10, 100];
const ROW = 1 << 20; // filler rows of 1 MiB of text
const RUNS = 40;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function withBrowser(profile, fn) {
  const context = await launchPersistent(profile);
  try { return await fn(context); } finally { await context.close(); }
}

async function genjin(base, mb, profile) {
  const url = `${base}web/dist/?db=bench${mb}&sw=0`; // the built app
  const open = async (context) => {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready]', { timeout: 120000 });
    return page;
  };
  const result = await withBrowser(profile, async (context) => {
    const page = await open(context);
    return page.evaluate(async ([n, row, runs]) => {
      const c = window.genjin;
      // Fill up to the size (the audit log keeps a copy of each row too).
      let before = await c.call('storage.status');
      for (let i = 0; before.pageCount * before.pageSize < n * 1e6; i++) {
        await c.call('customers.create', { name: `filler ${i}`, pain_points: 'x'.repeat(row) });
        before = await c.call('flush');
      }
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await c.call('customers.create', { name: `row ${i}` });
        await c.call('flush');
        times.push(performance.now() - t);
      }
      const after = await c.call('storage.status');
      return { times, bytes: (after.bytesWritten - before.bytesWritten) / (after.commits - before.commits),
        dbBytes: after.pageCount * after.pageSize };
    }, [mb, ROW, RUNS]);
  });
  const openMs = await withBrowser(profile, async (context) => {
    const page = await open(context);
    return page.evaluate(() => performance.getEntriesByName('genjin-ready')[0].startTime);
  });
  return { latency: median(result.times), bytes: result.bytes, dbBytes: result.dbBytes, openMs };
}

/* sql.js the way its users persist: export() the whole file, put it in
 * IndexedDB in one readwrite transaction (strict durability, as Genjin). */
const SQLJS_PAGE = async () => {
  window.idbOpen = () => new Promise((resolve, reject) => {
    const r = indexedDB.open('sqljs', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('file');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  window.save = (idb, bytes) => new Promise((resolve, reject) => {
    const tx = idb.transaction('file', 'readwrite', { durability: 'strict' });
    tx.objectStore('file').put(bytes, 'db');
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  window.load = (idb) => new Promise((resolve, reject) => {
    const r = idb.transaction('file').objectStore('file').get('db');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
};

async function sqljs(base, mb, profile) {
  const open = async (context) => {
    const page = await context.newPage();
    await page.goto(`${base}bench-blank`); // same origin, no CSP
    await page.addScriptTag({ url: `${base}node_modules/sql.js/dist/sql-wasm.js` });
    await page.evaluate(SQLJS_PAGE);
    return page;
  };
  const result = await withBrowser(profile, async (context) => {
    const page = await open(context);
    return page.evaluate(async ([n, row, runs, base]) => {
      const SQL = await initSqlJs({ locateFile: (f) => `${base}node_modules/sql.js/dist/${f}` });
      const db = new SQL.Database();
      const idb = await idbOpen();
      db.run('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, pain_points TEXT)');
      const size = () => db.exec('PRAGMA page_count')[0].values[0][0] * db.exec('PRAGMA page_size')[0].values[0][0];
      for (let i = 0; size() < n * 1e6; i++) db.run('INSERT INTO customers (name, pain_points) VALUES (?, ?)', [`filler ${i}`, 'x'.repeat(row)]);
      await save(idb, db.export());
      const times = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        db.run('INSERT INTO customers (name) VALUES (?)', [`row ${i}`]);
        const file = db.export();
        await save(idb, file);
        times.push(performance.now() - t);
        bytes = file.length;
      }
      return { times, bytes, dbBytes: size() };
    }, [mb, ROW, mb >= 100 ? 10 : RUNS, base]);
  });
  const openMs = await withBrowser(profile, async (context) => {
    const page = await open(context);
    return page.evaluate(async (base) => {
      const SQL = await initSqlJs({ locateFile: (f) => `${base}node_modules/sql.js/dist/${f}` });
      const db = new SQL.Database(await load(await idbOpen()));
      db.exec('SELECT count(*) FROM customers');
      return performance.now();
    }, base);
  });
  return { latency: median(result.times), bytes: result.bytes, dbBytes: result.dbBytes, openMs };
}

const server = await serve({ dir: root, port: 0 });
const base = `http://127.0.0.1:${server.address().port}/`;
const rows = [];
try {
  for (const mb of SIZES) {
    for (const [name, fn] of [['Genjin', genjin], ['sql.js + export', sqljs]]) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-bench-'));
      try {
        const r = await fn(base, mb, profile);
        rows.push({ mb, name, ...r });
        console.error(`${mb} MB ${name}: ${JSON.stringify(r)}`);
      } finally {
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }
  }
} finally {
  server.close();
}

const kb = (b) => (b < 1 << 20 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / (1 << 20)).toFixed(1)} MiB`);
console.log('| DB size (actual) | system | one-row commit → durable (median) | bytes written per commit | cold open → first query |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.mb} MB (${kb(r.dbBytes)}) | ${r.name} | ${r.latency.toFixed(1)} ms | ${kb(r.bytes)} | ${r.openMs.toFixed(0)} ms |`);
}
