// The dashboard in headless Chromium: cards with their change against the
// previous period, "—" with a reason where a denominator is zero, charts
// drawn with a table alternative, drill-down from a card to its records
// (counts equal to the core's), the view kept in the address across a
// reload, churn warnings with "log follow-up", axe and screenshots in both
// languages at desktop and phone sizes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb, openApp } = require('./webserver.js');
const { axeViolations, screenshot, freshDb } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser && browser.close());

const call = (page, op, args) => page.evaluate(([o, a]) => window.genjin.call(o, a), [op, args || {}]);

async function demoPage(lang, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  const problems = [];
  const db = freshDb('dash');
  const page = await openApp(context, web.base, `${db}&lang=${lang}`, problems);
  await call(page, 'demo.generate', { customers: 150, seed: 5 });
  await page.reload(); // the reps the demo made are read at start
  await page.waitForSelector('body[data-ready="yes"]');
  return { context, page, problems, db };
}

test('cards show the core numbers with their change, and a card drills down to exactly its records', async () => {
  const { context, page, problems } = await demoPage('en');
  try {
    await page.evaluate(() => { location.hash = '#/dashboard?period=last_90'; });
    await page.waitForSelector('#card-activity-active_rate[aria-busy="false"]');
    const view = await page.evaluate(() => ({ from: document.getElementById('period-from').value, to: document.getElementById('period-to').value }));
    const core = await call(page, 'metrics.compute', view);
    const shown = await page.getAttribute('#card-activity-active_rate', 'data-value');
    assert.strictEqual(Number(shown), core.activity.active_rate);
    assert.match(await page.textContent('#card-activity-active_rate .metric-name'), /^Active rate$/);
    for (const name of ['Win rate', 'CSAT', 'NPS', 'First response (median)', 'Same-day rate', 'Repurchase rate', 'Churn rate']) {
      assert.ok((await page.textContent('.cards')).includes(name), name);
    }
    // the change against the previous period of the same length
    const delta = await page.textContent('#card-activity-active_rate .delta');
    assert.match(delta, /[▲▼]|unchanged/);

    await page.click('#card-activity-active_rate');
    await page.waitForSelector('#drill-summary:not(:empty)');
    const explain = await call(page, 'metrics.explain', { ...view, metric: 'activity.active_rate', limit: 1 });
    const summary = await page.textContent('#drill-summary');
    assert.ok(summary.includes(String(explain.numerator_count)) && summary.includes(String(explain.denominator_count)), summary);
    await page.click('#drill-part-numerator');
    await page.waitForFunction(() => document.querySelector('#drill-part-numerator').getAttribute('aria-pressed') === 'true');
    await page.waitForSelector('#drill-table tbody tr a[href^="#/customers/"]');
    assert.deepStrictEqual(await axeViolations(page), []);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#drill', { state: 'detached' });
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('a metric without a denominator shows "—" with the reason, never 0', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const problems = [];
  try {
    const page = await openApp(context, web.base, `${freshDb('dash-empty')}&lang=en`, problems);
    await call(page, 'customers.create', { name: 'Only one' });
    await page.evaluate(() => { location.hash = '#/dashboard?period=this_month'; });
    await page.waitForSelector('#card-conversion-win_rate[aria-busy="false"]');
    assert.strictEqual((await page.textContent('#card-conversion-win_rate .metric-value')).trim(), '—');
    assert.strictEqual(await page.getAttribute('#card-conversion-win_rate', 'title'), 'No deal was won or lost in this period');
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('the view lives in the address: period, breakdown and filter survive a reload', async () => {
  const { context, page, problems } = await demoPage('zh-CN');
  try {
    await page.evaluate(() => { location.hash = '#/dashboard'; });
    await page.waitForSelector('#period');
    await page.selectOption('#period', 'custom');
    await page.fill('#period-from', '2025-01-01');
    await page.dispatchEvent('#period-from', 'change');
    await page.selectOption('#by', 'rep');
    await page.waitForSelector('#breakdown tbody tr');
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /period=custom/);
    assert.match(hash, /from=2025-01-01/);
    assert.match(hash, /by=rep/);
    await page.reload();
    await page.waitForSelector('#breakdown tbody tr');
    assert.strictEqual(await page.inputValue('#period-from'), '2025-01-01');
    assert.strictEqual(await page.inputValue('#by'), 'rep');
    const reps = await call(page, 'metrics.compute', { from: '2025-01-01', to: await page.inputValue('#period-to'), by: ['rep'] });
    assert.strictEqual(await page.locator('#breakdown tbody tr').count(), reps.by.rep.length);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('charts draw with a table for screen readers; a churn warning row logs a follow-up', async () => {
  const { context, page, problems } = await demoPage('en');
  try {
    await page.evaluate(() => { location.hash = '#/dashboard?period=last_90'; });
    for (const id of ['funnel', 'trend', 'response', 'csat', 'nps', 'rfm', 'abc', 'churn', 'board']) {
      await page.waitForSelector(`#chart-${id} canvas`);
      assert.ok(await page.locator(`#chart-${id} details table tbody tr`).count() > 0, id);
    }
    // the RFM table alternative adds up to the customers with orders
    const rfm = await call(page, 'metrics.rfm', { to: await page.inputValue('#period-to'), limit: 1 });
    const grid = rfm.grid.flat().reduce((a, b) => a + b, 0);
    assert.strictEqual(grid, rfm.total);

    await page.waitForSelector('#churn-table tbody tr');
    const first = await call(page, 'alerts.churn', { limit: 1 });
    const customerId = first.items[0].customer_id;
    const before = (await call(page, 'followups.list', { filter: { customer_id: customerId }, limit: 1 })).total;
    await page.click('#churn-table tbody tr:first-child .log-followup');
    await page.fill('#fu-summary', 'Called about the renewal');
    await page.fill('#fu-next_due_at', await page.evaluate(() => new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10)));
    await page.click('#fu-save');
    await page.waitForSelector('#churn-log', { state: 'detached' });
    const after = await call(page, 'followups.list', { filter: { customer_id: customerId }, limit: 1 });
    assert.strictEqual(after.total, before + 1);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('the scorecard shows each indicator with value, target and score, and a rep opens the view of their records', async () => {
  const { context, page, problems } = await demoPage('en');
  try {
    await page.evaluate(() => { location.hash = '#/dashboard?period=last_90'; });
    await page.waitForSelector('#score-table tbody tr');
    const view = { from: await page.inputValue('#period-from'), to: await page.inputValue('#period-to') };
    const sc = await call(page, 'metrics.scorecard', view);
    const best = sc.reps.find((r) => r.rank === 1);
    const first = page.locator('#score-table > tbody > tr').first();
    await first.locator('details summary').click();
    const rows = first.locator('details tbody tr');
    assert.strictEqual(await rows.count(), Object.keys(best.indicators).length);
    assert.ok((await first.textContent()).includes(best.name));
    await first.locator('th a').click();
    await page.waitForFunction((id) => location.hash.includes(`rep=${id}`), best.rep_id);
    await page.waitForFunction((id) => document.getElementById('filter-rep').value === String(id), best.rep_id);
    await page.waitForSelector('#card-activity-active_rate[aria-busy="false"]');
    const mine = await call(page, 'metrics.compute', { ...view, rep_id: best.rep_id });
    await page.waitForFunction((v) => document.getElementById('card-activity-active_rate').dataset.value === String(v), mine.activity.active_rate);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

for (const lang of ['zh-CN', 'en']) {
  for (const [size, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]]) {
    test(`dashboard in ${lang} at ${size}: no serious accessibility violation, screenshot`, async () => {
      const { context, page, problems } = await demoPage(lang, viewport);
      try {
        await page.evaluate(() => { location.hash = '#/dashboard?period=last_90&by=rep'; });
        await page.waitForSelector('#chart-board canvas');
        await page.waitForSelector('#score-table tbody tr');
        assert.deepStrictEqual(await axeViolations(page), []);
        await screenshot(page, `dashboard-${lang}-${size}`);
        assert.deepStrictEqual(problems, []);
      } finally { await context.close(); }
    });
  }
}
