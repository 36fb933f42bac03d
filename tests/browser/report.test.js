// The weekly report: the week, rep and team in the address (a team's numbers
// equal to the core's for it), the headline table
// equal to metrics.compute for that week and the week before, the summary
// sentence from the same numbers, printing to an A4 PDF that holds them
// (read back with pdftotext), axe and screenshots in both languages.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { launch } = require('./chromium.js');
const { serveWeb, openApp } = require('./webserver.js');
const { axeViolations, screenshot, freshDb, call } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser && browser.close());


async function demoReport(lang, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport });
  const problems = [];
  const page = await openApp(context, web.base, `${freshDb('report')}&lang=${lang}`, problems);
  await call(page, 'demo.generate', { customers: 120, seed: 3 });
  await page.reload(); // the shared signals (reps) are read at start
  await page.waitForSelector('body[data-ready="yes"]');
  return { context, page, problems };
}

test('the report of a week shows the engine\'s numbers for it and the week before, and prints them to PDF', async () => {
  const { context, page, problems } = await demoReport('zh-CN');
  try {
    await page.evaluate(() => { location.hash = '#/report'; });
    await page.waitForSelector('#report-headline tbody tr');
    assert.ok((await call(page, 'db.info')).counts.customers > 0, 'the demo data is there after the reload');
    const week = await page.inputValue('#report-week');
    assert.match(week, /^\d{4}-W\d{2}$/);
    // pick the week before through the picker: the address follows
    const [y, w] = week.split('-W').map(Number);
    const earlier = `${y}-W${String(w - 1).padStart(2, '0')}`;
    if (w > 1) {
      await page.fill('#report-week', earlier);
      await page.dispatchEvent('#report-week', 'change');
      await page.waitForFunction((wk) => location.hash.includes(`week=${wk}`), earlier);
      await page.waitForFunction((wk) => document.getElementById('report-title').textContent.includes(wk), earlier);
    }
    const shownWeek = await page.inputValue('#report-week');
    const meta = await page.textContent('#report-meta');
    const from = meta.match(/\d{4}-\d{2}-\d{2}/)[0];
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 7 * 86400000).toISOString().slice(0, 10);
    const before = new Date(Date.parse(`${from}T00:00:00Z`) - 7 * 86400000).toISOString().slice(0, 10);
    const now = await call(page, 'metrics.compute', { from, to });
    const prev = await call(page, 'metrics.compute', { from: before, to: from });
    await page.waitForFunction(() => !document.querySelector('#report-summary') || document.querySelector('.report-summary-text'));
    const summary = await page.textContent('.report-summary-text');
    assert.ok(summary.includes(`本周跟进 ${now.conversion.followups.toLocaleString('zh-CN')} 次`), summary);
    const won = await page.textContent('#report-headline tr[data-key="conversion.win_rate"]');
    const pct = (v) => (v === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(v));
    assert.ok(won.includes(pct(now.conversion.win_rate)) && won.includes(pct(prev.conversion.win_rate)), won);

    await page.reload();
    await page.waitForSelector('#report-headline tbody tr');
    assert.strictEqual(await page.inputValue('#report-week'), shownWeek);

    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-report-')), 'report.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(`周报 ${shownWeek}`), 'title in the PDF');
    assert.ok(text.includes(`本周跟进 ${now.conversion.followups.toLocaleString('zh-CN')} 次`), 'summary in the PDF');
    assert.ok(text.includes(pct(now.conversion.win_rate)), 'win rate in the PDF');
    assert.ok(!text.includes('下载备份') && !text.includes('全部成员（经理视图）'), 'no status bar or rep picker');
    assert.ok(!text.includes('打印 / 另存为 PDF'), 'no print button in the PDF');
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('a team picked on the report shows that team\'s numbers, kept in the address across a reload', async () => {
  const { context, page, problems } = await demoReport('en');
  try {
    await page.evaluate(() => { location.hash = '#/report'; });
    await page.waitForSelector('#report-headline tbody tr');
    const teams = (await call(page, 'reps.teams')).items;
    const team = teams.slice().sort((a, b) => b.rep_ids.length - a.rep_ids.length)[0];
    await page.selectOption('#report-team', team.name);
    await page.waitForFunction((n) => decodeURIComponent(location.hash).includes(`team=${n}`), team.name);
    await page.waitForFunction((n) => document.getElementById('report-meta').textContent.includes(n), team.name);
    const meta = await page.textContent('#report-meta');
    const from = meta.match(/\d{4}-\d{2}-\d{2}/)[0];
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 7 * 86400000).toISOString().slice(0, 10);
    const now = await call(page, 'metrics.compute', { from, to, team: team.name });
    const sentence = `This week ${now.conversion.followups.toLocaleString('en')} follow-ups`;
    await page.waitForFunction((x) => (document.querySelector('.report-summary-text') || {}).textContent?.includes(x), sentence);
    const pct = (v) => (v === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v));
    const won = await page.textContent('#report-headline tr[data-key="conversion.win_rate"]');
    assert.ok(won.includes(pct(now.conversion.win_rate)), won);
    // the leaderboard ranks the team's reps only; the CLI's report says the same
    await page.waitForFunction((n) => document.querySelectorAll('#report-board tbody tr').length === n, team.rep_ids.length);
    const weekly = await call(page, 'metrics.weekly', { week: await page.inputValue('#report-week'), team: team.name, lang: 'en' });
    assert.ok(weekly.text.includes(`· ${team.name}\n`) && weekly.text.includes(sentence), weekly.text.slice(0, 300));
    await page.reload();
    await page.waitForSelector('#report-headline tbody tr');
    assert.strictEqual(await page.inputValue('#report-team'), team.name);
    await page.waitForFunction((x) => (document.querySelector('.report-summary-text') || {}).textContent?.includes(x), sentence);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

for (const lang of ['zh-CN', 'en']) {
  for (const [size, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]]) {
    test(`report in ${lang} at ${size}: no serious accessibility violation, screenshot`, async () => {
      const { context, page, problems } = await demoReport(lang, viewport);
      try {
        await page.evaluate(() => { location.hash = '#/report'; });
        await page.waitForSelector('#report-trend canvas');
        await page.waitForSelector('#report:not(:has([data-loading]))', { timeout: 60000 });
        assert.deepStrictEqual(await axeViolations(page), []);
        await screenshot(page, `report-${lang}-${size}`);
        assert.deepStrictEqual(problems, []);
      } finally { await context.close(); }
    });
  }
}
