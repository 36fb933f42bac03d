// The Today page in headless Chromium: a follow-up logged on a customer's
// page with today's next date is on Today; logging from a Today row (form
// prefilled) takes the row off the list; "Done & schedule next" suggests the
// tier cadence; the "I am" picker filters; a customer named like markup is
// text; axe in both languages; screenshots at desktop and phone size.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb } = require('./webserver.js');
const { openFresh, axeViolations, screenshot, loadDemo, call } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());

const DAY = 86400000;
const iso = (msFromNow) => new Date(Date.now() + msFromNow).toISOString().replace(/\.\d+Z$/, 'Z');
/* Days in the workspace's time zone (its offset is read in setup). */
let offset = 0;
const localDay = (plus = 0) => new Date(Date.now() + offset * 60000 + plus * DAY).toISOString().slice(0, 10);
const dayOf = (isoTime) => new Date(Date.parse(isoTime) + offset * 60000).toISOString().slice(0, 10);
const XSS = '<img src=x onerror=alert(1)>';

/* A page on a fresh database holding two reps and, per customer in
 * `customers` ({name, owner, tier, last: {channel, daysAgo, nextInDays}}),
 * the customer and its last follow-up; opened on Today. */
async function setup(context, customers, query) {
  const problems = [];
  const { page } = await openFresh(context, web.base, 'today', problems, query);
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  offset = (await call(page, 'settings.get')).tz_offset_minutes;
  const fang = await call(page, 'reps.create', { name: '王芳' });
  const lei = await call(page, 'reps.create', { name: 'Li Lei' });
  const reps = { fang: fang.id, lei: lei.id };
  const ids = {};
  for (const c of customers) {
    const made = await call(page, 'customers.create', {
      name: c.name, owner_id: reps[c.owner || 'fang'], tier: c.tier || null, created_at: iso(-(c.last ? 60 : 0) * DAY),
    });
    ids[c.name] = made.id;
    if (c.last) {
      await call(page, 'followups.create', {
        customer_id: made.id, rep_id: reps[c.owner || 'fang'], channel: c.last.channel || 'phone',
        at: iso(-c.last.daysAgo * DAY), next_due_at: c.last.nextInDays === undefined ? null : iso(c.last.nextInDays * DAY),
        summary: 'earlier call',
      });
    }
  }
  await reopen(page, '#/today');
  await page.waitForSelector('.today .today-layout');
  return { page, problems, reps, ids };
}

/* Reloads the page (once everything is stored) and goes to `hash`. */
async function reopen(page, hash) {
  await page.evaluate(() => window.genjin.call('flush')); // stored before the reload
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  await page.evaluate((h) => { location.hash = h; }, hash);
}

const row = (page, id, group) => page.$(`.due-row[data-customer="${id}"]${group ? `[data-group="${group}"]` : ''}`);

test('a follow-up logged on the customer page with today\'s next date is on Today', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, ids } = await setup(context, [{ name: '周杰' }], 'lang=en');
    const id = ids['周杰'];
    assert.strictEqual(await row(page, id, 'today'), null, 'a new customer is not due today');
    assert.strictEqual(await row(page, id, 'overdue'), null, 'nor overdue');
    // nothing is scheduled for it yet: the gap Today marks as "no next step"
    await page.waitForSelector(`.due-row[data-customer="${id}"][data-group="no_next_step"]`);
    await page.evaluate((cid) => { location.hash = `#/customers/${cid}`; }, id);
    await page.waitForSelector('#fu-summary').catch(async (e) => { await screenshot(page, 'customer-failed'); throw e; });
    await page.fill('#fu-summary', 'Asked for a quote');
    await page.fill('#fu-next_due_at', localDay(0));
    await page.click('#fu-save');
    await page.waitForSelector('.timeline [data-kind="followup"]');
    await page.click('#nav-today');
    const r = await page.waitForSelector(`.due-row[data-customer="${id}"][data-group="today"]`);
    assert.strictEqual(await r.getAttribute('data-reason'), 'next_due');
    assert.match(await r.textContent(), /Next follow-up promised/);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('logging from a Today row opens the form prefilled and the row leaves the list', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, ids } = await setup(context, [
      { name: '陈勇', last: { channel: 'wechat', daysAgo: 5, nextInDays: -2 } },
      { name: '林磊', last: { daysAgo: 4, nextInDays: -1 } },
    ], 'lang=en');
    const id = ids['陈勇'];
    const r = await page.waitForSelector(`.due-row[data-customer="${id}"][data-group="overdue"]`);
    assert.match(await r.textContent(), /overdue/i);
    await (await r.$('button.log-btn')).click();
    await page.waitForSelector('#log-dialog #fu-channel');
    assert.strictEqual(await page.inputValue('#fu-channel'), 'wechat', 'the channel of the last follow-up');
    for (const label of ['Channel', 'Summary', 'Outcome', 'Customer replied', 'Next follow-up']) {
      assert.ok(await page.$(`#log-dialog label:text-is("${label}")`), `label ${label}`);
    }
    await page.fill('#fu-summary', 'Sent the price list');
    await page.fill('#fu-next_due_at', localDay(10));
    await page.click('#fu-save');
    await page.waitForSelector('#log-dialog', { state: 'detached' });
    await page.waitForFunction((cid) => !document.querySelector(`.due-row[data-customer="${cid}"][data-group="overdue"]`), id);
    assert.ok(await row(page, ids['林磊'], 'overdue'), 'the other customer is still overdue');
    const fus = (await call(page, 'followups.list', { filter: { customer_id: id }, sort: '-id' })).items;
    assert.strictEqual(fus[0].summary, 'Sent the price list');
    assert.strictEqual(fus[0].channel, 'wechat');
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('saving without a next step asks and "Done & schedule next" uses the tier cadence', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, ids } = await setup(context, [
      { name: '高杰', tier: 'B', last: { daysAgo: 3, nextInDays: -1 } },
    ], 'lang=en');
    const id = ids['高杰'];
    await (await page.waitForSelector(`.due-row[data-customer="${id}"] button.log-btn`)).click();
    await page.fill('#fu-summary', 'Visited the office');
    await page.click('#fu-save');
    await page.waitForSelector('#ask-next');
    assert.match(await page.textContent('#ask-next'), /the Tier B cadence \(every 14 days\)/);
    assert.strictEqual(await page.inputValue('#fu-next_due_at'), localDay(14));
    assert.strictEqual((await call(page, 'followups.list', { filter: { customer_id: id } })).total, 1, 'nothing saved before the answer');
    await page.click('button:has-text("Done & schedule next")');
    await page.waitForSelector('#log-dialog', { state: 'detached' });
    const last = (await call(page, 'followups.list', { filter: { customer_id: id }, sort: '-id' })).items[0];
    assert.strictEqual(last.summary, 'Visited the office');
    assert.strictEqual(dayOf(last.next_due_at), localDay(14));
    await page.waitForFunction((cid) => !document.querySelector(`.due-row[data-customer="${cid}"][data-group="overdue"]`), id);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('a stage deadline row names the deal and logs the follow-up about it', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, ids, reps } = await setup(context, [{ name: '孙明' }], 'lang=en');
    const id = ids['孙明'];
    // Entered the first stage 10 days ago; the next stage's deadline is 3 days.
    const deal = await call(page, 'deals.create', { customer_id: id, owner_id: reps.fang, title: 'Renewal', created_at: iso(-10 * DAY) });
    await reopen(page, '#/today');
    const r = await page.waitForSelector(`.due-row[data-customer="${id}"][data-reason="stage_deadline"]`);
    assert.match(await r.textContent(), /Stage deadline: move .*to Needs by/);
    await (await r.$('button.log-btn')).click();
    await page.fill('#fu-summary', 'Asked about the budget');
    await page.fill('#fu-next_due_at', localDay(2));
    await page.click('#fu-save');
    await page.waitForSelector('#log-dialog', { state: 'detached' });
    await page.waitForFunction((cid) => !document.querySelector(`.due-row[data-customer="${cid}"][data-group="overdue"]`), id);
    const last = (await call(page, 'followups.list', { filter: { customer_id: id }, sort: '-id' })).items[0];
    assert.strictEqual(last.deal_id, deal.id);
    assert.strictEqual(last.rep_id, reps.fang);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('"I am" shows my follow-ups; a customer named like markup is text', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, ids, reps } = await setup(context, [
      { name: XSS, owner: 'fang', last: { daysAgo: 3, nextInDays: -1 } },
      { name: 'Wang Wu', owner: 'lei', last: { daysAgo: 3, nextInDays: -1 } },
    ], 'lang=en');
    const r = await page.waitForSelector(`.due-row[data-customer="${ids[XSS]}"]`);
    assert.strictEqual(await (await r.$('.due-name')).textContent(), XSS);
    assert.strictEqual(await page.$('main img[src="x"]'), null);
    assert.ok(await row(page, ids['Wang Wu']), 'managers see everyone');
    await page.selectOption('#me-select', String(reps.fang));
    await page.waitForFunction((cid) => !document.querySelector(`.due-row[data-customer="${cid}"]`), ids['Wang Wu']);
    assert.ok(await row(page, ids[XSS]));
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

test('a long group shows its first 50 rows and the rest on request; the count is of all', async () => {
  const context = await browser.newContext();
  try {
    const many = Array.from({ length: 55 }, (_, i) => ({ name: `客户${i + 1}`, last: { daysAgo: 5, nextInDays: -1 - i / 100 } }));
    const { page, problems } = await setup(context, many, 'lang=en');
    const rows = () => page.$$eval('#due-overdue .due-row', (els) => els.length);
    await page.waitForSelector('#due-overdue .due-row');
    assert.strictEqual(await rows(), 50);
    assert.match(await page.textContent('#due-overdue-title'), /55/);
    await page.click('#due-overdue .show-all');
    await page.waitForFunction(() => document.querySelectorAll('#due-overdue .due-row').length === 55);
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

/* A stand-in for the browser's Notification API that records what the page
 * shows; the permission "granted" is kept across reloads like a browser's. */
function fakeNotifications() {
  const notes = [];
  window.testNotes = notes;
  function FakeNotification(title, opts) { notes.push({ title, body: opts && opts.body }); }
  FakeNotification.permission = localStorage.getItem('test.permission') || 'default';
  FakeNotification.requestPermission = async () => {
    window.testAsked = (window.testAsked || 0) + 1;
    localStorage.setItem('test.permission', 'granted');
    FakeNotification.permission = 'granted';
    return 'granted';
  };
  window.Notification = FakeNotification;
}

test('notifications: asked for only on click, kept, and a follow-up falling due is announced on any page', async () => {
  const context = await browser.newContext();
  await context.addInitScript(fakeNotifications);
  try {
    const { page, problems, ids } = await setup(context, [{ name: '赵敏' }], 'lang=en');
    assert.strictEqual(await page.evaluate(() => window.testAsked), undefined, 'opening Today asks nothing');
    assert.strictEqual(await page.textContent('#notify-toggle'), 'Notify me when follow-ups fall due');
    await page.click('#notify-toggle');
    await page.waitForSelector('#notify-toggle[aria-pressed="true"]');
    assert.strictEqual(await page.evaluate(() => window.testAsked), 1);
    // Due in 15 s, while the app shows another page.
    await call(page, 'followups.create', {
      customer_id: ids['赵敏'], summary: 'call back', at: iso(0), next_due_at: iso(15000),
    });
    await reopen(page, `#/customers/${ids['赵敏']}`);
    await page.waitForSelector('.timeline');
    await page.waitForFunction(() => window.testNotes.length > 0, null, { timeout: 60000 });
    const notes = await page.evaluate(() => window.testNotes);
    assert.strictEqual(notes.length, 1);
    assert.strictEqual(notes[0].title, 'Follow-up due');
    assert.match(notes[0].body, /^赵敏 — Next follow-up promised/);
    await page.click('#nav-today');
    await page.click('#notify-toggle[aria-pressed="true"]');
    await page.waitForSelector('#notify-toggle[aria-pressed="false"]');
    assert.deepStrictEqual(problems, []);
  } finally { await context.close(); }
});

for (const lang of ['en', 'zh-CN']) {
  test(`Today with demo data passes axe and is screenshotted (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    try {
      const problems = [];
      const { page } = await openFresh(context, web.base, 'today-demo', problems, `lang=${lang}`);
      await loadDemo(page, 60, 5);
      await reopen(page, '#/today');
      await page.waitForSelector('.today .due-row').catch(async (e) => { await screenshot(page, `today-${lang}-failed`); throw e; });
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `today-${lang}-desktop`);
      await (await page.$('.due-row button.log-btn')).click();
      await page.waitForSelector('#log-dialog #fu-summary');
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `today-${lang}-log-dialog`);
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, `today-${lang}-phone`);
      assert.deepStrictEqual(await axeViolations(page), []);
      assert.deepStrictEqual(problems, []);
    } finally { await context.close(); }
  });
}
