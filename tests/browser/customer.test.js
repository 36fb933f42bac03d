// A customer's page in headless Chromium: the timeline of follow-ups,
// deals with their stage history, tickets, surveys and orders, newest
// first; computed tier, RFM segment, activity and churn warnings beside the
// manual tier; tel: link and WeChat copy; editing the profile; adding a
// deal; handover in the timeline; a name like markup is text; axe in both
// languages; screenshots at desktop and phone size.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb } = require('./webserver.js');
const { openFresh, axeViolations, screenshot, call } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());

const DAY = 86400000;
const iso = (days) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
const XSS = '<img src=x onerror=alert(1)>';
/* Days in the workspace's time zone (its offset is read in setup). */
let offset = 0;
const localDay = (plus = 0) => new Date(Date.now() + offset * 60000 + plus * DAY).toISOString().slice(0, 10);
const dayOf = (isoTime) => new Date(Date.parse(isoTime) + offset * 60000).toISOString().slice(0, 10);

/* A fresh database with two reps and one customer of 王芳 with a record of
 * every kind at known times; the page is opened on the customer. */
async function setup(context, name, lang) {
  const problems = [];
  const { page } = await openFresh(context, web.base, 'customer', problems, `lang=${lang}`);
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  offset = (await call(page, 'settings.get')).tz_offset_minutes;
  await call(page, 'customfields.create', { entity: 'customers', key: 'wechat_group', label: 'WeChat group', type: 'text' });
  const fang = (await call(page, 'reps.create', { name: '王芳' })).id;
  const lei = (await call(page, 'reps.create', { name: 'Li Lei' })).id;
  const c = await call(page, 'customers.create', {
    name, company: '杭州云帆科技', phone: '+86 138 0013 8000', wechat: 'wx_yunfan', owner_id: fang, tier: 'A',
    created_at: iso(-90),
  });
  await call(page, 'orders.create', { customer_id: c.id, amount: 12000, product: 'Annual plan', at: iso(-40) });
  const deal = await call(page, 'deals.create', { customer_id: c.id, owner_id: fang, title: 'Renewal 2027', amount: 30000, created_at: iso(-30) });
  await call(page, 'deals.update', { id: deal.id, stage: 'needs' });
  await call(page, 'tickets.create', { customer_id: c.id, subject: 'Invoice question', category: 'question', created_at: iso(-20) });
  await call(page, 'surveys.create', { customer_id: c.id, kind: 'csat', score: 4, at: iso(-15) });
  await call(page, 'followups.create', { customer_id: c.id, rep_id: fang, channel: 'visit', summary: 'Met the buyer', at: iso(-10) });
  await page.evaluate(() => window.genjin.call('flush')); // stored before the reload
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  await page.evaluate((id) => { location.hash = `#/customers/${id}`; }, c.id);
  await page.waitForSelector('.timeline');
  return { page, problems, id: c.id, reps: { fang, lei }, deal };
}

test('the customer page shows profile, insights and the timeline newest first', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const { page, problems } = await setup(context, '云帆 Yunfan', 'en');
    const kinds = await page.$$eval('.timeline > li', (els) => els.map((e) => e.dataset.kind));
    assert.deepStrictEqual(kinds.filter((k) => k !== 'edit' && k !== 'handover'),
      ['followup', 'survey', 'ticket', 'deal', 'order']);
    assert.match(await page.textContent('.tl-deal .stage-history'), /First contact.*Needs/s);
    assert.strictEqual(await page.getAttribute('#customer-phone', 'href'), 'tel:+86 138 0013 8000');
    await page.click('#copy-wechat');
    await page.waitForSelector('.notice.ok');
    assert.strictEqual(await page.evaluate(() => navigator.clipboard.readText()), 'wx_yunfan');
    await page.waitForSelector('#rfm-segment');
    assert.strictEqual(await page.textContent('#tier-manual'), 'Tier A');
    assert.match(await page.textContent('#tier-computed'), /Tier [ABC]/);
    assert.doesNotMatch(await page.textContent('#rfm-segment'), /No orders/);
    assert.match(await page.textContent('#activity-score'), /^\s*0\s/);
    // Tier A's cadence is 7 days; the last follow-up was 10 days ago.
    assert.ok(await page.$('#customer-churn li[data-rule="cadence"]'), 'the cadence warning with its reason');
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('log a follow-up, edit the profile, add a deal and hand over: each shows in the timeline', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, id, reps } = await setup(context, '云帆 Yunfan', 'en');
    for (const label of ['Channel', 'Summary', 'Outcome', 'Customer replied', 'Next follow-up']) {
      assert.ok(await page.$(`.log-panel label:text-is("${label}")`), `label ${label}`);
    }
    await page.selectOption('#fu-channel', 'wechat');
    await page.fill('#fu-summary', 'Sent the renewal offer');
    await page.check('#fu-customer_replied');
    await page.fill('#fu-next_due_at', localDay(3));
    await page.click('.log-panel button:has-text("Log follow-up")');
    await page.waitForSelector('.timeline > li:first-child[data-kind="followup"] >> text=Sent the renewal offer');
    assert.strictEqual(await page.inputValue('#fu-summary'), '', 'the form starts empty again');

    await page.click('#edit-customer');
    await page.fill('#edit-company', '杭州云帆科技有限公司');
    assert.strictEqual(await page.textContent('label[for="edit-custom-wechat_group"]'), 'WeChat group');
    await page.fill('#edit-custom-wechat_group', 'Yunfan buyers');
    assert.deepStrictEqual(await axeViolations(page), []);
    await page.click('#edit-dialog button[type="submit"]');
    await page.waitForSelector('#edit-dialog', { state: 'detached' });
    await page.waitForSelector('.contacts >> text=杭州云帆科技有限公司');
    await page.waitForSelector('.contacts >> text=Yunfan buyers');
    assert.deepStrictEqual((await call(page, 'customers.get', { id })).custom, { wechat_group: 'Yunfan buyers' });
    await page.waitForSelector('.tl-edit >> text=Company');

    await page.click('#add-deals');
    await page.fill('#add-deals-title', 'Extra seats');
    await page.fill('#add-deals-amount', '8000');
    assert.deepStrictEqual(await axeViolations(page), []);
    await page.click('#add-dialog button[type="submit"]');
    await page.waitForSelector('#add-dialog', { state: 'detached' });
    await page.waitForSelector('.tl-deal >> text=Extra seats');

    await page.selectOption('#handover-to', String(reps.lei));
    await page.click('#handover-btn');
    const entry = await page.waitForSelector('.tl-handover');
    assert.match(await entry.textContent(), /Handed over from 王芳 to Li Lei/);
    assert.match(await page.textContent('.customer-head'), /Owner: Li Lei/);
    const audit = await call(page, 'audit.list', { filter: { entity: 'customers', entity_id: id, action: 'update' } });
    assert.ok(audit.items.some((a) => a.before.owner_id === reps.fang && a.after.owner_id === reps.lei));
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('"Done & schedule next" about a deal suggests the next stage\'s deadline', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, id, deal } = await setup(context, '云帆 Yunfan', 'en');
    await page.selectOption('#fu-deal', String(deal.id));
    await page.fill('#fu-summary', 'Needs confirmed');
    await page.click('#fu-save');
    await page.waitForSelector('#ask-next');
    // The deal is in "needs"; the next stage, proposal, has a 5-day deadline.
    assert.match(await page.textContent('#ask-next'), /the deadline of the next stage, Proposal \(5 days\)/);
    const day = localDay(5);
    assert.strictEqual(await page.inputValue('#fu-next_due_at'), day);
    await page.click('#fu-schedule');
    await page.waitForSelector('.timeline > li:first-child[data-kind="followup"] >> text=Needs confirmed');
    const last = (await call(page, 'followups.list', { filter: { customer_id: id }, sort: '-id' })).items[0];
    assert.strictEqual(last.deal_id, deal.id);
    assert.strictEqual(dayOf(last.next_due_at), day);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('a customer named like markup renders as text', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems } = await setup(context, XSS, 'en');
    assert.strictEqual(await page.textContent('#customer-name'), XSS);
    assert.strictEqual(await page.$('main img[src="x"]'), null);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

for (const lang of ['en', 'zh-CN']) {
  test(`the customer page passes axe and is screenshotted (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    try {
      const { page, problems, reps } = await setup(context, lang === 'en' ? 'Yunfan Tech' : '云帆科技', lang);
      await page.selectOption('#handover-to', String(reps.lei));
      await page.click('#handover-btn');
      await page.waitForSelector('.tl-handover');
      await page.waitForSelector('#insights #activity-score');
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `customer-${lang}-desktop`);
      await page.setViewportSize({ width: 390, height: 844 });
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `customer-${lang}-phone`);
      await page.fill('#fu-summary', 'x');
      await page.click('#fu-save');
      await page.waitForSelector('#ask-next');
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `customer-${lang}-ask-next`);
      assert.deepStrictEqual(problems, []);
    } finally { await context.close(); }
  });
}
