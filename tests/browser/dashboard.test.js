// The dashboard in headless Chromium: cards with their change against the
// previous period, "—" with a reason where a denominator is zero, charts
// drawn with a table alternative, drill-down from a card to its records
// (counts equal to the core's), the view kept in the address across a
// reload, a team picked with its numbers equal to the core's for that team,
// churn warnings with "log follow-up", axe and screenshots in both
// languages at desktop and phone sizes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb, openApp } = require('./webserver.js');
const { axeViolations, screenshot, freshDb, call } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser && browser.close());


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
    // every card holds the engine's number for the same period
    const cards = await page.$$eval('.metric-card', (els) => els.map((e) => [e.id, e.dataset.value]));
    assert.strictEqual(cards.length, 15);
    for (const [id, shown] of cards) {
      const key = id.slice('card-'.length).split('-').join('.');
      const want = key.split('.').reduce((v, k) => (v === null || v === undefined ? null : v[k]), core);
      assert.strictEqual(shown === '' ? null : Number(shown), want === undefined ? null : want, key);
    }
    // and the funnel's table alternative holds its counts
    const reached = await page.$$eval('#chart-funnel details tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
    assert.deepStrictEqual(reached, core.conversion.funnel.map((f) => f.reached.toLocaleString('en')));
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
    // every chart's table alternative holds the engine's numbers for the view
    const view = { from: await page.inputValue('#period-from'), to: await page.inputValue('#period-to') };
    const core = await call(page, 'metrics.compute', view);
    const rfm = await call(page, 'metrics.rfm', { to: view.to, limit: 1 });
    const fired = (await call(page, 'alerts.churn', { limit: 1 })).fired;
    const col = (id, i) => page.$$eval(`#chart-${id} details tbody tr`, (trs, k) => trs.map((tr) => Number(tr.children[k].textContent.replace(/,/g, ''))), i);
    const n = (xs) => xs.map(Number);
    assert.deepStrictEqual(await col('csat', 1), n(core.satisfaction.csat_scores));
    assert.deepStrictEqual(await col('nps', 1), n([core.satisfaction.promoters, core.satisfaction.passives, core.satisfaction.detractors]));
    assert.deepStrictEqual(await col('response', 1), n(core.response.first_response_hist.counts));
    assert.deepStrictEqual(await col('churn', 1), ['no_reply', 'purchase_gap', 'activity_drop', 'cadence', 'open_complaint'].map((r) => fired[r] || 0));
    assert.deepStrictEqual(await col('abc', 1), ['A', 'B', 'C'].map((x) => rfm.computed_tiers[x] || 0));
    const heat = [];
    for (let f = 1; f <= 5; f++) heat.push(await col('rfm', f));
    assert.deepStrictEqual(heat, [1, 2, 3, 4, 5].map((f) => [4, 3, 2, 1, 0].map((r) => rfm.grid[r][f - 1])));
    assert.strictEqual(rfm.grid.flat().reduce((a, b) => a + b, 0), rfm.total, 'the grid covers every customer with orders');
    const sc = await call(page, 'metrics.scorecard', view);
    assert.deepStrictEqual(await col('board', 2), sc.reps.slice().sort((a, b) => a.rank - b.rank).map((r) => (r.total === null ? NaN : Number(r.total.toFixed(1)))));

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

/* Waits until every card holds the value `core` (metrics.compute) has for it. */
async function cardsEqual(page, core) {
  const want = await page.$$eval('.metric-card', (els) => els.map((e) => e.id));
  const values = Object.fromEntries(want.map((id) => {
    const v = id.slice('card-'.length).split('-').reduce((o, k) => (o === null || o === undefined ? null : o[k]), core);
    return [id, v === undefined || v === null ? '' : String(v)];
  }));
  await page.waitForFunction((vs) => Object.entries(vs).every(([id, v]) => {
    const el = document.getElementById(id);
    return el && el.getAttribute('aria-busy') === 'false' && el.dataset.value === v;
  }), values);
}

test('a team picked on the dashboard shows the engine\'s numbers for that team, kept in the address across a reload', async () => {
  const { context, page, problems } = await demoPage('zh-CN');
  try {
    await page.evaluate(() => { location.hash = '#/dashboard?period=last_90'; });
    await page.waitForSelector('#card-activity-active_rate[aria-busy="false"]');
    const view = { from: await page.inputValue('#period-from'), to: await page.inputValue('#period-to') };
    const teams = (await call(page, 'reps.teams')).items;
    const team = teams.slice().sort((a, b) => b.rep_ids.length - a.rep_ids.length)[0];
    assert.ok(team.rep_ids.length >= 2, 'the demo has a team of two reps or more');
    // the picker lists the teams; picking one puts it in the address
    assert.deepStrictEqual(await page.$$eval('#filter-team option', (os) => os.slice(1).map((o) => o.value)), teams.map((x) => x.name).sort());
    await page.selectOption('#filter-team', team.name);
    await page.waitForFunction((n) => decodeURIComponent(location.hash).includes(`team=${n}`), team.name);
    const core = await call(page, 'metrics.compute', { ...view, team: team.name });
    const everyone = await call(page, 'metrics.compute', view);
    assert.notStrictEqual(core.conversion.followups, everyone.conversion.followups, 'the team is not everyone');
    await cardsEqual(page, core);
    // the funnel, the leaderboard and the rep picker are the team's
    const reached = await page.$$eval('#chart-funnel details tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
    assert.deepStrictEqual(reached, core.conversion.funnel.map((f) => f.reached.toLocaleString('zh-CN')));
    await page.waitForFunction((n) => document.querySelectorAll('#score-table > tbody > tr').length === n, team.rep_ids.length);
    const options = await page.$$eval('#filter-rep option', (os) => os.slice(1).map((o) => Number(o.value)).sort((a, b) => a - b));
    assert.deepStrictEqual(options, team.rep_ids);
    // a card's drill-down counts the team's records
    await page.click('#card-activity-active_rate');
    await page.waitForSelector('#drill-summary:not(:empty)');
    const explain = await call(page, 'metrics.explain', { ...view, team: team.name, metric: 'activity.active_rate', limit: 1 });
    const summary = await page.textContent('#drill-summary');
    assert.ok(summary.includes(String(explain.denominator_count)) && summary.includes(String(explain.numerator_count)), summary);
    await page.keyboard.press('Escape');
    // the view survives a reload and opens the report of the same team
    await page.reload();
    await page.waitForSelector('#filter-team');
    assert.strictEqual(await page.inputValue('#filter-team'), team.name);
    await cardsEqual(page, core);
    assert.ok(decodeURIComponent(await page.getAttribute('#open-report', 'href')).includes(`team=${team.name}`));
    // back to every team
    await page.selectOption('#filter-team', '');
    await page.waitForFunction(() => !location.hash.includes('team='));
    await cardsEqual(page, everyone);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('a follow-up logged on Today moves the follow-up count and the activity numbers on the dashboard', async () => {
  const { context, page, problems } = await demoPage('en');
  try {
    await page.evaluate(() => { location.hash = '#/dashboard?period=this_week'; });
    await page.waitForSelector('#card-conversion-followups[aria-busy="false"]');
    const view = { from: await page.inputValue('#period-from'), to: await page.inputValue('#period-to') };
    const before = Number(await page.getAttribute('#card-conversion-followups', 'data-value'));
    assert.strictEqual(before, (await call(page, 'metrics.compute', view)).conversion.followups);

    await page.click('#nav-today');
    const row = await page.waitForSelector('.due-row[data-group="overdue"], .due-row[data-group="today"]');
    await (await row.$('button.log-btn')).click();
    await page.waitForSelector('#log-dialog #fu-summary');
    await page.fill('#fu-summary', 'Called back');
    await page.fill('#fu-next_due_at', await page.evaluate(() => new Date(Date.now() + 5 * 86400000).toISOString().slice(0, 10)));
    await page.click('#fu-save');
    await page.waitForSelector('#log-dialog', { state: 'detached' });

    await page.click('#nav-dashboard'); // the plain link comes back to the week chosen before
    await page.waitForFunction(() => location.hash.includes('period=this_week'));
    await page.waitForSelector('#card-conversion-followups[aria-busy="false"]');
    await page.waitForFunction((n) => Number(document.getElementById('card-conversion-followups')?.dataset.value) === n, before + 1);
    const after = await call(page, 'metrics.compute', view);
    assert.strictEqual(after.conversion.followups, before + 1);
    await page.waitForFunction((v) => document.getElementById('card-activity-active_rate').dataset.value === String(v), after.activity.active_rate);
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
