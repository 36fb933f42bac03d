// Customers page benchmark in headless Chromium: a database of 50,000
// customers (demo.generate) opens on #/customers; measures the time from
// navigation to the first rows on screen, search as you type (median and
// p95 over 20 queries: the worker's answer to the list's first page, and
// the keystroke to its rows on screen, which includes the page's 150 ms
// debounce), sorting by name and a jump to the middle of the list.
// Usage: node scripts/bench-customers-browser.mjs [customers, default 50000]
// (build web/dist first: node scripts/build-web.mjs). Prints Markdown
// (docs/bench.md keeps the last run). Timings are not asserted anywhere.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { launch } = require('../tests/browser/chromium.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const CUSTOMERS = Number(process.argv[2]) || 50000;
// The list needs customers; the other records only need to exist in a
// realistic number (one event per customer instead of 20 keeps the file
// near 100 MB).
const DEMO = { customers: CUSTOMERS, seed: 7, deals: CUSTOMERS, followups: CUSTOMERS * 4, tickets: CUSTOMERS / 2,
  surveys: CUSTOMERS / 2, orders: CUSTOMERS, events: CUSTOMERS };
const QUERIES = ['王', '李明', '科技', '杭州', '贸易有限', '138', '0199', '1590', 'c123', 'c4567@',
  'example', 'wx_12', 'wx_3456', '张', '电子商务', '成都', '智联', '186', 'c99', '刘'];
const ROWS = 'tbody tr.vt-row:not(.vt-wait)';

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const ms = (x) => x.toFixed(1);

/* Waits until the list shows the answer to the current query and returns
 * the page's clock then, with the worker's time for that first page. */
async function answered(page) {
  await page.waitForSelector(`#customer-table[aria-busy="false"] ${ROWS}, #customers-empty`, { timeout: 60000 });
  return page.evaluate(() => {
    const m = performance.getEntriesByName('genjin-customers-page');
    return { now: performance.now(), answer: m.length ? m[m.length - 1].duration : null };
  });
}

const server = await serve({ dir: path.join(root, 'web', 'dist'), port: 0 });
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const url = `${base}?db=bench-customers-${CUSTOMERS}&lang=zh-CN#/customers`;
  await page.goto(url);
  await page.waitForSelector('body[data-ready]', { timeout: 120000 });
  const t0 = Date.now();
  const made = await page.evaluate((demo) => window.genjin.call('demo.generate', demo).then(async (r) => {
    await window.genjin.call('flush');
    return r;
  }), DEMO);
  const genSeconds = (Date.now() - t0) / 1000;
  const info = await page.evaluate(() => window.genjin.call('db.info'));

  // Cold page: reload and wait for the first rows.
  await page.reload();
  const first = await answered(page);
  const readyAt = await page.evaluate(() => performance.getEntriesByName('genjin-ready')[0].startTime);

  // Search as you type: one query at a time, from the keystroke to its rows.
  const typed = [];
  const answers = [];
  for (const q of QUERIES) {
    // Typed and watched inside the page, so the time is the page's, to a frame.
    const took = await page.evaluate((text) => new Promise((resolve) => {
      const input = document.querySelector('#customer-search');
      const t = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const check = () => {
        const asked = new URLSearchParams(location.hash.split('?')[1] || '').get('q') === text;
        const table = document.querySelector('#customer-table');
        const shown = document.querySelector('#customers-empty')
          || (table && table.getAttribute('aria-busy') === 'false' && !table.querySelector('tbody tr.vt-wait'));
        if (asked && shown) {
          const m = performance.getEntriesByName('genjin-customers-page');
          resolve({ typed: performance.now() - t, answer: m[m.length - 1].duration });
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }), q);
    typed.push(took.typed);
    answers.push(took.answer);
  }
  await page.fill('#customer-search', '');
  await page.waitForFunction(() => !/[?&]q=/.test(location.hash));
  await answered(page);

  // Sort by name (a sort over all customers in SQL), then jump to the middle.
  const sortStart = await page.evaluate(() => performance.now());
  await page.click('#customer-table button[data-sort="name"]');
  await page.waitForSelector('th[aria-sort="ascending"] button[data-sort="name"]');
  const sorted = await answered(page);
  const jump = await page.evaluate(async (n) => {
    const box = document.querySelector('#customer-table');
    const t = performance.now();
    box.scrollTop = Math.floor(n / 2) * 44;
    box.dispatchEvent(new Event('scroll'));
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const rows = box.querySelectorAll('tbody tr.vt-row');
      if (rows.length && !box.querySelector('tbody tr.vt-wait')) return performance.now() - t;
    }
  }, CUSTOMERS);

  console.log(`| measure (${CUSTOMERS.toLocaleString('en')} customers, ${(info.size_bytes / 1e6).toFixed(0)} MB) | ms |`);
  console.log('| --- | --- |');
  console.log(`| app ready (worker, core, database open) after navigation | ${ms(readyAt)} |`);
  console.log(`| first rows on screen after navigation | ${ms(first.now)} |`);
  console.log(`| first page (200 rows) answered by the worker | ${ms(first.answer)} |`);
  console.log(`| search: worker answer, median / p95 (${QUERIES.length} queries) | ${ms(pct(answers, 0.5))} / ${ms(pct(answers, 0.95))} |`);
  console.log(`| search: keystroke to rows on screen (with 150 ms debounce), median / p95 | ${ms(pct(typed, 0.5))} / ${ms(pct(typed, 0.95))} |`);
  console.log(`| sort by name: click to rows | ${ms(sorted.now - sortStart)} (worker ${ms(sorted.answer)}) |`);
  console.log(`| jump to row ${(CUSTOMERS / 2).toLocaleString('en')}: scroll to rows | ${ms(jump)} |`);
  console.log(`\nmachine: ${os.cpus()[0].model}, ${os.cpus().length} cores; data: ${JSON.stringify(made)} in ${genSeconds.toFixed(0)} s`);
} finally {
  await browser.close();
  server.close();
}
