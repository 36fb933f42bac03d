// Browser import benchmark: a follow-ups CSV (default 1,000,000 rows)
// imported in headless Chromium through the real path — the Data page's
// wizard (file, mapping, dry run, import), the worker reading the File in
// 1 MiB chunks and feeding the WASM importer — then persisted to
// IndexedDB. Reports rows/s of the dry run and of the import (page time
// from the click to the report on screen) and the time until the imported
// pages are durable in IndexedDB. Each run uses a fresh browser context.
// Usage: node scripts/bench-import-browser.mjs [rows=1000000] [runs=3]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { launch } = require('../tests/browser/chromium.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const ROWS = Number(process.argv[2]) || 1000000;
const RUNS = Number(process.argv[3]) || 3;
const CUSTOMERS = 10000;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const min = (xs) => Math.min(...xs);

/* Writes the CSV files once (customers, then follow-ups referencing them). */
function writeFiles(dir) {
  const customers = path.join(dir, 'customers.csv');
  const followups = path.join(dir, `followups-${ROWS}.csv`);
  let lines = ['ext_id,name,company,phone'];
  for (let i = 0; i < CUSTOMERS; i++) lines.push(`C${i},客户${i},公司${i % 997},1380000${String(i).padStart(4, '0')}`);
  fs.writeFileSync(customers, '\uFEFF' + lines.join('\r\n') + '\r\n');
  if (!fs.existsSync(followups)) {
    const fd = fs.openSync(followups, 'w');
    const channels = ['phone', 'wechat', 'email', 'visit', 'meeting'];
    fs.writeSync(fd, '\uFEFFcustomer_ext_id,at,channel,direction,summary,customer_replied\r\n');
    const BATCH = 50000;
    for (let i = 0; i < ROWS; i += BATCH) {
      lines = [];
      for (let j = i; j < Math.min(ROWS, i + BATCH); j++) {
        const day = 1 + (j % 28);
        const hour = 8 + (j % 10);
        lines.push(`C${j % CUSTOMERS},2024-${String(1 + (j % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')} `
          + `${String(hour).padStart(2, '0')}:${String(j % 60).padStart(2, '0')},${channels[j % 5]},`
          + `${j % 3 ? 'outbound' : 'inbound'},"跟进 #${j}, 讨论报价",${j % 2 ? 'true' : 'false'}`);
      }
      fs.writeSync(fd, lines.join('\r\n') + '\r\n');
    }
    fs.closeSync(fd);
  }
  return { customers, followups };
}

/* Clicks `button` of the import wizard and waits until its run (dry run
 * or import) has ended; milliseconds by the page's clock. */
async function wizardRun(page, button) {
  const before = await page.getAttribute('#import', 'data-runs');
  const t0 = await page.evaluate(() => performance.now());
  await page.click(button);
  await page.waitForFunction((n) => document.querySelector('#import').dataset.runs !== n, before, { timeout: 900000, polling: 200 });
  return (await page.evaluate(() => performance.now())) - t0;
}

/* Imports `file` through the Data page's wizard (choose, dry run, import);
 * returns the page times of the dry run and the import (click to report)
 * and the time until the imported pages are durable. */
async function importThrough(page, file, kind) {
  await page.evaluate(() => { location.hash = '#/data'; });
  await page.waitForSelector('#import-kind');
  await page.selectOption('#import-kind', kind);
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#import-mapping', { timeout: 120000 });
  const checkMs = await wizardRun(page, '#import-check');
  const pageMs = await wizardRun(page, '#import-start');
  if (await page.getAttribute('#import-report', 'data-committed') !== 'true') throw new Error(await page.textContent('#import'));
  const persistMs = await page.evaluate(async () => {
    const start = performance.now();
    await window.genjin.call('flush');
    return performance.now() - start;
  });
  const status = await page.evaluate(() => window.genjin.call('storage.status'));
  return { checkMs, pageMs, persistMs, status };
}

async function run(browser, base, files) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}?db=benchimport&sw=0`);
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 60000 });
    await importThrough(page, files.customers, 'customers');
    const r = await importThrough(page, files.followups, 'followups');
    const info = await page.evaluate(() => window.genjin.call('db.info'));
    if (info.counts.followups !== ROWS) throw new Error(`imported ${info.counts.followups} follow-ups, expected ${ROWS}`);
    return { checkMs: r.checkMs, pageMs: r.pageMs, persistMs: r.persistMs, rows: ROWS, dbBytes: info.size_bytes, pagesWritten: r.status.bytesWritten };
  } finally {
    await context.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-bench-import-'));
const files = writeFiles(dir);
const csvBytes = fs.statSync(files.followups).size;
const server = await serve({ dir: path.join(root, 'web', 'dist'), port: 0 });
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launch();
const results = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const r = await run(browser, base, files);
    results.push(r);
    console.error(`run ${i + 1}: ${r.rows} rows, dry run ${r.checkMs.toFixed(0)} ms, import ${r.pageMs.toFixed(0)} ms,`
      + ` persist ${r.persistMs.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const rate = (ms) => Math.round(ROWS / (ms / 1000)).toLocaleString('en-US');
console.log('| rows | CSV | dry run: rows/s median | import, click → report: rows/s best / median | persist after import: median | DB size |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(`| ${ROWS.toLocaleString('en-US')} | ${(csvBytes / 1048576).toFixed(1)} MiB`
  + ` | ${rate(median(results.map((r) => r.checkMs)))} | ${rate(min(results.map((r) => r.pageMs)))} / ${rate(median(results.map((r) => r.pageMs)))}`
  + ` | ${median(results.map((r) => r.persistMs)).toFixed(0)} ms | ${(results[0].dbBytes / 1048576).toFixed(0)} MiB |`);
console.log(`\nmachine: ${os.cpus()[0].model}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ${RUNS} runs, each in a fresh context`);
