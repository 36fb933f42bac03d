// The app's frame in headless Chromium: the first visit's welcome page,
// loading demo data, the navigation in both languages, the storage status
// (saved only when the write is in IndexedDB), user text shown as text,
// accessibility of the welcome page and screenshots of it.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb } = require('./webserver.js');
const { axeViolations, screenshot, openFresh, call } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const NAV = {
  en: ['Today', 'Customers', 'Pipeline', 'Tickets', 'Dashboard', 'Report', 'Data', 'Settings'],
  'zh-CN': ['今日', '客户', '商机', '工单', '看板', '周报', '数据', '设置'],
};

const navTexts = (page) => page.$$eval('nav.nav a', (as) => as.map((a) => a.textContent.trim()));

test('first visit: the welcome page; "Load demo data" fills the database and opens the app', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const problems = [];
  try {
    const { page } = await openFresh(context, web.base, 'shell-demo', problems, 'lang=en');
    await page.waitForSelector('#load-demo');
    assert.ok(await page.isVisible('#start-import'));
    assert.strictEqual(await page.getAttribute('#start-import', 'href'), '#/data');
    assert.strictEqual((await call(page, 'db.info')).counts.customers, 0);
    // Test hooks are off unless the page was opened with ?test-hooks=1.
    const hook = await page.evaluate(() => window.genjin.call('test.failStorage', { on: true })
      .then(() => 'accepted', (e) => e.code));
    assert.strictEqual(hook, 'bad_request');

    await page.click('#load-demo');
    await page.waitForFunction(() => location.hash === '#/today', null, { timeout: 60000 });
    await page.waitForSelector('#load-demo', { state: 'detached' });
    const info = await call(page, 'db.info');
    assert.strictEqual(info.counts.customers, 200);
    for (const entity of ['reps', 'deals', 'followups', 'tickets']) {
      assert.ok(info.counts[entity] > 0, `${entity} count is ${info.counts[entity]} after loading demo data`);
    }
    // The demo load was answered only once it was saved.
    const status = await call(page, 'storage.status');
    assert.strictEqual(status.durableTxn, status.txn);
    await page.waitForSelector('#storage[data-saved="true"]');
    // The reps it made are who "I am" can be.
    assert.ok(await page.$$eval('#me-select option', (o) => o.length) > 1);
    await screenshot(page, 'shell-today-en-desktop');
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the navigation speaks the language of ?lang=', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const problems = [];
  try {
    for (const lang of ['en', 'zh-CN']) {
      const { page } = await openFresh(context, web.base, 'shell-lang', problems, `lang=${lang}`);
      assert.deepStrictEqual(await navTexts(page), NAV[lang]);
      assert.strictEqual(await page.getAttribute('html', 'lang'), lang);
      await page.click('#nav-customers');
      await page.waitForSelector('#nav-customers[aria-current="page"]');
      await page.close();
    }
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the storage status says saved only once the write is in IndexedDB', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const problems = [];
  try {
    const { page } = await openFresh(context, web.base, 'shell-status', problems, 'lang=en&test-hooks=1');
    await call(page, 'customers.create', { name: '已保存' });
    await page.waitForSelector('#storage[data-role="owner"][data-saved="true"]');
    assert.match(await page.textContent('#storage-text'), /^Saved/);

    // IndexedDB refuses the next write: the status must not say saved.
    await call(page, 'test.failStorage', { on: true });
    const answer = await page.evaluate(() => window.genjin.call('customers.create', { name: '未保存' })
      .then(() => 'answered as saved', (e) => `${e.reason} (${e.params.error})`));
    assert.match(answer, /^save_failed \(QuotaExceededError: /);
    await page.waitForSelector('#storage[data-saved="false"].error');
    const s = await call(page, 'storage.status');
    assert.ok(s.durableTxn < s.txn, JSON.stringify(s));
    assert.ok(await page.isVisible('#retry-save'));
    assert.deepStrictEqual(await axeViolations(page), [], 'the failed-save status');
    await screenshot(page, 'shell-save-failed-en');
    // Closing the tab now would lose the change: the browser asks first.
    await page.click('#storage-text'); // the browser asks only on a page the user has touched
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    assert.strictEqual(dialog.type(), 'beforeunload');
    await dialog.dismiss(); // stay
    assert.strictEqual(page.isClosed(), false);

    await call(page, 'test.failStorage', { on: false });
    await page.click('#retry-save');
    await page.waitForSelector('#storage[data-saved="true"]');
    const after = await call(page, 'storage.status');
    assert.strictEqual(after.durableTxn, after.txn);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a name that looks like HTML is shown as text', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const problems = [];
  const dialogs = [];
  const evil = '<img src=x onerror=alert(1)>';
  try {
    const { page } = await openFresh(context, web.base, 'shell-xss', problems, 'lang=en');
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    const rep = await call(page, 'reps.create', { name: evil });
    const customer = await call(page, 'customers.create', { name: evil, owner_id: rep.id });
    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]');
    // "I am …" lists the rep by its name, as typed.
    const options = await page.$$eval('#me-select option', (o) => o.map((x) => x.textContent));
    assert.ok(options.includes(evil), options.join(' | '));
    await page.selectOption('#me-select', String(rep.id));
    for (const hash of ['#/today', '#/customers', `#/customers/${customer.id}`, '#/pipeline', '#/settings']) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector('main#main');
      assert.strictEqual(await page.$$eval('img[src="x"]', (i) => i.length), 0, hash);
    }
    // The customer's own page shows the name, as typed.
    await page.evaluate((h) => { location.hash = h; }, `#/customers/${customer.id}`);
    await page.waitForFunction((name) => document.querySelector('main').textContent.includes(name), evil, { timeout: 30000 });
    await screenshot(page, 'shell-html-name-customer-en');
    assert.deepStrictEqual(dialogs, []);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the welcome page: no serious accessibility problem, in both languages, on desktop and phone', async () => {
  const problems = [];
  for (const [lang, viewport, size] of [['zh-CN', DESKTOP, 'desktop'], ['en', DESKTOP, 'desktop'],
    ['zh-CN', PHONE, 'phone'], ['en', PHONE, 'phone']]) {
    const context = await browser.newContext({ viewport });
    try {
      const { page } = await openFresh(context, web.base, 'shell-axe', problems, `lang=${lang}`);
      await page.waitForSelector('#load-demo');
      assert.deepStrictEqual(await axeViolations(page), [], `${lang} ${size}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `${lang} ${size}: the page is ${width}px wide`);
      await screenshot(page, `shell-welcome-${lang}-${size}`);
    } finally {
      await context.close();
    }
  }
  assert.deepStrictEqual(problems, []);
});

test('a write shows "Saving…" until it is stored; leaving while it runs asks first', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const problems = [];
  try {
    const { page } = await openFresh(context, web.base, 'shell-saving', problems, 'lang=en');
    await page.waitForSelector('#storage[data-saved="true"]');
    // Every state the status passes through while "Load demo data" runs.
    await page.evaluate(() => {
      window.seen = [];
      const status = document.getElementById('storage');
      new MutationObserver(() => window.seen.push(`${status.dataset.saved}:${document.getElementById('storage-text').textContent}`))
        .observe(status, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    await page.click('#load-demo');
    await page.waitForFunction(() => location.hash === '#/today', null, { timeout: 60000 });
    await page.waitForSelector('#storage[data-saved="true"]');
    const seen = await page.evaluate(() => window.seen);
    assert.ok(seen.includes('false:Saving…'), seen.join(' | '));
    assert.match(seen[seen.length - 1], /^true:Saved/);
    const status = await call(page, 'storage.status');
    assert.strictEqual(status.durableTxn, status.txn);

    // A long write in flight: closing the tab asks; staying keeps it.
    await page.click('h1, main'); // the browser asks only on a page the user has touched
    const inFlight = await page.evaluate(() => {
      window.slowWrite = window.genjin.call('demo.generate', { customers: 2000, seed: 7 });
      return window.genjin.inFlight;
    });
    assert.strictEqual(inFlight, 1);
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    assert.strictEqual(dialog.type(), 'beforeunload');
    await dialog.dismiss(); // stay
    await page.evaluate(() => window.slowWrite);
    assert.strictEqual((await call(page, 'db.info')).counts.customers, 2200);
    // Nothing pending: the tab closes without asking.
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.type()); d.dismiss().catch(() => {}); });
    await page.close({ runBeforeUnload: true });
    await page.waitForEvent('close');
    assert.deepStrictEqual(dialogs, []);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a new database takes the browser\'s time zone', async () => {
  const problems = [];
  for (const timezoneId of ['America/New_York', 'Asia/Shanghai']) {
    const context = await browser.newContext({ viewport: DESKTOP, timezoneId });
    try {
      const { page } = await openFresh(context, web.base, 'shell-tz', problems, 'lang=en');
      const expected = await page.evaluate(() => -new Date().getTimezoneOffset());
      const possible = timezoneId === 'Asia/Shanghai' ? [480] : [-300, -240]; // New York: EST or EDT
      assert.ok(possible.includes(expected), `${timezoneId}: ${expected}`);
      assert.strictEqual((await call(page, 'settings.get')).tz_offset_minutes, expected, timezoneId);
      // Opening it again keeps what the workspace chose.
      await call(page, 'settings.set', { tz_offset_minutes: 60 });
      await page.reload();
      await page.waitForSelector('body[data-ready="yes"]');
      assert.strictEqual((await call(page, 'settings.get')).tz_offset_minutes, 60);
    } finally {
      await context.close();
    }
  }
  assert.deepStrictEqual(problems, []);
});
