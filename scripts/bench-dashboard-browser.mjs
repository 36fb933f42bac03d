// Dashboard benchmark in headless Chromium on the L data (50,000
// customers, 100,000 deals, 500,000 follow-ups, 100,000 tickets, 50,000
// surveys, 200,000 orders, 1,000,000 events, made by demo.generate in the
// page's worker): the time from navigating to #/dashboard until it is
// complete (every card has its number, every chart is drawn, the scorecard
// and the churn list are on screen), cold (first metrics op of the
// opened database) and when revisited; and the same for the weekly report.
// Usage: node scripts/bench-dashboard-browser.mjs [scale, default 1 = L]
// (build web/dist first). Prints Markdown; docs/bench.md keeps the last
// run. Timings are not asserted anywhere.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { launch } = require('../tests/browser/chromium.js');
const root = fileURLToPath(new URL('..', import.meta.url));
const SCALE = Number(process.argv[2]) || 1;
const L = { customers: 50000, deals: 100000, followups: 500000, tickets: 100000, surveys: 50000, orders: 200000, events: 1000000 };
const DEMO = { seed: 7, ...Object.fromEntries(Object.entries(L).map(([k, v]) => [k, Math.round(v * SCALE)])) };

/* From a click on a link to `hash` until `done` (a predicate run in the
 * page every frame) holds: milliseconds by the page's clock. */
async function timeTo(page, hash, done) {
  // One expression evaluated through the DevTools protocol (the page's CSP
  // forbids building functions from text inside it).
  return page.evaluate(`new Promise((resolve) => {
    const ok = ${done.toString()};
    const t = performance.now();
    location.hash = ${JSON.stringify(hash)};
    const check = () => (ok() ? resolve(performance.now() - t) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  })`);
}

const dashboardDone = () => {
  const cards = [...document.querySelectorAll('.metric-card')];
  return cards.length > 0 && cards.every((c) => c.getAttribute('aria-busy') === 'false')
    && document.querySelectorAll('.charts .chart canvas').length === 9
    && !document.querySelector('.charts .chart-wait')
    && !!document.querySelector('#score-table tbody tr')
    && !!document.querySelector('#churn-table tbody tr, #churn .muted');
};
const reportDone = () => !!document.querySelector('#report-headline tbody tr')
  && !!document.querySelector('#report-trend canvas') && !document.querySelector('#report [data-loading]');

const server = await serve({ dir: path.join(root, 'web', 'dist'), port: 0 });
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${base}?db=bench-dashboard-${SCALE}&lang=zh-CN&sw=0`);
  await page.waitForSelector('body[data-ready]', { timeout: 120000 });
  const t0 = Date.now();
  let info = await page.evaluate(() => window.genjin.call('db.info'));
  if (info.counts.customers !== DEMO.customers) {
    await page.evaluate((demo) => window.genjin.call('demo.generate', demo), DEMO);
    info = await page.evaluate(() => window.genjin.call('db.info'));
  }
  const genSeconds = (Date.now() - t0) / 1000;

  const rows = [];
  for (const [name, hash, done] of [['dashboard', '#/dashboard?period=last_30', dashboardDone], ['weekly report', '#/report', reportDone]]) {
    await page.goto(`${base}?db=bench-dashboard-${SCALE}&lang=zh-CN&sw=0#/today`);
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 120000 });
    const cold = await timeTo(page, hash, done);
    await timeTo(page, '#/customers', () => !!document.querySelector('#customer-table'));
    const again = await timeTo(page, hash, done);
    rows.push([name, cold, again]);
  }
  console.log(`| page (${info.counts.customers.toLocaleString('en')} customers, ${(info.size_bytes / 1e6).toFixed(0)} MB) | cold: first visit after opening, ms | revisited, ms |`);
  console.log('| --- | --- | --- |');
  for (const [name, cold, again] of rows) console.log(`| ${name} | ${cold.toFixed(0)} | ${again.toFixed(0)} |`);
  console.log(`\nmachine: ${os.cpus()[0].model}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; data: ${JSON.stringify(info.counts)}${genSeconds > 1 ? ` made in ${genSeconds.toFixed(0)} s` : ''}`);
} finally {
  await browser.close();
  server.close();
}
