// The Customers page in headless Chromium: the create form (validation
// beside the field, the duplicate warning), search as you type, filters,
// sorting, a saved view across a reload, bulk edit of three customers,
// markup in a name shown as text, axe-core in both languages and
// screenshots at desktop and phone sizes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { launch } = require('./chromium.js');
const { serveWeb } = require('./webserver.js');
const { axeViolations, screenshot, freshDb } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());

const ROWS = '#customer-table tbody tr.vt-row:not(.vt-wait)';

/* The Customers page on a fresh database; fn({page, call}) runs on it and
 * the page must raise no error and open no alert. */
async function onCustomers(query, fn, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
    await page.goto(`${web.base}?db=${freshDb('cust')}&${query}#/customers`);
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    const call = (op, args) => page.evaluate(([o, a]) => window.genjin.call(o, a), [op, args]);
    await fn({ page, call });
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
}

/* Reloads the list (after data was made behind the page's back, once it
 * is stored) and waits until the rows of the current query are on screen. */
async function reloadList(page) {
  await quiet(page);
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  await settled(page);
}

/* Waits until every write is stored and no request is on its way, so a
 * reload leaves nothing behind (and the page does not ask to stay). */
async function quiet(page) {
  await page.evaluate(() => window.genjin.call('flush'));
  await page.waitForFunction(() => window.genjin.inFlight === 0
    && document.querySelector('#storage[data-saved="true"]'));
}

async function settled(page) {
  await page.waitForSelector('#customer-table[aria-busy="false"], #customers-empty');
}

const names = (page) => page.$$eval(`${ROWS} .cust-name`, (as) => as.map((a) => a.textContent));

test('a customer is created through the form; a second with the same phone is warned about', async () => {
  await onCustomers('lang=en', async ({ page, call }) => {
    await page.waitForSelector('#customers-empty');
    await page.getByRole('button', { name: 'New customer', exact: true }).click();
    const dialog = page.locator('#new-customer');
    // An empty name is refused with the message beside the field.
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForSelector('#new-customer-name-error');
    assert.match(await page.textContent('#new-customer-name-error'), /Name cannot be empty/);

    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Liu Yang');
    await dialog.getByLabel('Company', { exact: true }).fill('Hangzhou Tea Co');
    await dialog.getByLabel('Phone', { exact: true }).fill('138 0013 8000');
    await dialog.getByLabel('Email', { exact: true }).fill('liu@tea.example');
    await dialog.getByLabel('Tier', { exact: true }).selectOption('A');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForSelector('#new-customer', { state: 'detached' });
    await page.waitForFunction(() => [...document.querySelectorAll('#customer-table .cust-name')].some((a) => a.textContent === 'Liu Yang'));
    const stored = (await call('customers.list', { q: 'Liu Yang' })).items;
    assert.strictEqual(stored.length, 1);
    assert.deepStrictEqual([stored[0].company, stored[0].phone, stored[0].email, stored[0].tier],
      ['Hangzhou Tea Co', '138 0013 8000', 'liu@tea.example', 'A']);

    await page.click('#new-customer-open');
    await page.locator('#new-customer').getByRole('textbox', { name: 'Name', exact: true }).fill('Liu Y.');
    assert.strictEqual(await page.$('#duplicate-warning'), null);
    await page.locator('#new-customer').getByLabel('Phone', { exact: true }).fill('138 0013 8000');
    await page.waitForSelector('#duplicate-warning');
    const link = page.locator('#duplicate-warning a');
    assert.strictEqual(await link.textContent(), 'Liu Yang');
    assert.strictEqual(await link.getAttribute('href'), `#/customers/${stored[0].id}`);
    assert.match(await page.textContent('#duplicate-warning'), /Possible duplicate/);
  });
});

test('search as you type, filter by tier, sort by name', async () => {
  await onCustomers('lang=en', async ({ page, call }) => {
    await call('demo.generate', { customers: 60, seed: 5 });
    await call('customers.create', { name: 'Zebra Trading 斑马', tier: 'A', phone: '021-5555-0199' });
    await reloadList(page);
    const total = (await call('customers.list', { limit: 1 })).total;
    assert.match(await page.textContent('#customer-count'), new RegExp(`${total} customers`));

    // Search over name and phone, answered as it is typed.
    await page.fill('#customer-search', 'zebra');
    await page.waitForFunction(() => document.querySelectorAll('#customer-table tbody tr.vt-row').length === 1);
    assert.deepStrictEqual(await names(page), ['Zebra Trading 斑马']);
    await page.fill('#customer-search', '5555-0199');
    await page.waitForFunction(() => /q=5555/.test(location.hash));
    await settled(page);
    assert.deepStrictEqual(await names(page), ['Zebra Trading 斑马']);
    await page.fill('#customer-search', '');
    await page.waitForFunction((n) => document.querySelector('#customer-count').textContent.includes(`${n} customers`), total);

    // Filter: tier A only, and the count is what the core counts.
    await page.click('#filters-toggle');
    await page.selectOption('#cf-tier', 'A');
    const tierA = (await call('customers.list', { filter: { tier: 'A' }, limit: 1 })).total;
    assert.ok(tierA > 1 && tierA < total);
    await page.waitForFunction((n) => document.querySelector('#customer-count').textContent.includes(`${n} customers`), tierA);
    await settled(page);
    const tiers = await page.$$eval(`${ROWS} .col-tier`, (tds) => tds.map((td) => td.textContent.trim()));
    assert.ok(tiers.length > 0 && tiers.every((x) => x === 'Tier A'), tiers.join(','));

    // Sort by name, ascending then descending, as the core sorts.
    const sortButton = page.locator('#customer-table button[data-sort="name"]');
    await sortButton.click();
    await page.waitForSelector('#customer-table th[aria-sort="ascending"] button[data-sort="name"]');
    await settled(page);
    const asc = (await call('customers.list', { filter: { tier: 'A' }, sort: 'name', limit: 5 })).items.map((r) => r.name);
    assert.deepStrictEqual((await names(page)).slice(0, 5), asc);
    await sortButton.click();
    await page.waitForSelector('#customer-table th[aria-sort="descending"] button[data-sort="name"]');
    await settled(page);
    const desc = (await call('customers.list', { filter: { tier: 'A' }, sort: '-name', limit: 5 })).items.map((r) => r.name);
    assert.deepStrictEqual((await names(page)).slice(0, 5), desc);
    assert.notDeepStrictEqual(asc, desc);
  });
});

test('a saved view keeps search, filter and sort across a reload', async () => {
  await onCustomers('lang=en', async ({ page, call }) => {
    await call('demo.generate', { customers: 40, seed: 9 });
    await reloadList(page);
    await page.click('#filters-toggle');
    await page.selectOption('#cf-status', 'customer');
    await page.locator('#customer-table button[data-sort="name"]').click();
    await page.waitForFunction(() => /sort=name/.test(location.hash) && /status/.test(decodeURIComponent(location.hash)));
    await page.click('#save-view');
    await page.fill('#view-name', 'Paying, by name');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForSelector('.views .chip.current');

    await page.evaluate(() => { location.hash = '#/customers'; });
    await reloadList(page);
    assert.strictEqual(await page.$('.filter-chips'), null);
    await page.getByRole('button', { name: 'Paying, by name', exact: true }).click();
    await page.waitForSelector('.filter-chips');
    assert.match(await page.textContent('.filter-chips'), /Status: Customer/);
    await page.waitForSelector('#customer-table th[aria-sort="ascending"] button[data-sort="name"]');
    await settled(page);
    const expected = (await call('customers.list', { filter: { status: 'customer' }, sort: 'name', limit: 3 })).items.map((r) => r.name);
    assert.deepStrictEqual((await names(page)).slice(0, 3), expected);

    // Deleting the view removes its chip, and it stays removed.
    await page.getByRole('button', { name: 'Delete view Paying, by name' }).click();
    await reloadList(page);
    assert.strictEqual(await page.getByRole('button', { name: 'Paying, by name', exact: true }).count(), 0);
  });
});

test('bulk edit sets the tier of three selected customers and nothing else', async () => {
  await onCustomers('lang=en', async ({ page, call }) => {
    const made = [];
    for (const name of ['Bulk One', 'Bulk Two', 'Bulk Three', 'Bulk Four']) {
      made.push(await call('customers.create', { name, tier: 'C', status: 'lead' }));
    }
    await reloadList(page);
    for (const name of ['Bulk One', 'Bulk Two', 'Bulk Three']) {
      await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
    }
    assert.strictEqual(await page.textContent('#selected-count'), '3 selected');
    await page.click('#bulk-edit');
    await page.locator('#bulk-dialog').getByLabel('Tier', { exact: true }).selectOption('A');
    await page.click('#bulk-apply');
    await page.waitForSelector('#bulk-dialog', { state: 'detached' });
    const after = (await call('customers.list', { sort: 'id' })).items;
    assert.deepStrictEqual(after.map((r) => [r.name, r.tier, r.status]), [
      ['Bulk One', 'A', 'lead'], ['Bulk Two', 'A', 'lead'], ['Bulk Three', 'A', 'lead'], ['Bulk Four', 'C', 'lead']]);
    await page.waitForFunction(() => [...document.querySelectorAll('#customer-table .col-tier')].filter((td) => td.textContent.trim() === 'Tier A').length === 3);
  });
});

test('export of the selection downloads exactly the selected customers', async () => {
  await onCustomers('lang=en', async ({ page, call }) => {
    for (const name of ['Export Alpha', 'Export Beta', 'Export Gamma']) await call('customers.create', { name, phone: '=1+2' });
    await reloadList(page);
    await page.getByRole('checkbox', { name: 'Select Export Alpha', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select Export Gamma', exact: true }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#bulk-export')]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    assert.strictEqual(lines.length, 3, csv);
    assert.ok(lines.some((l) => l.includes('Export Alpha')) && lines.some((l) => l.includes('Export Gamma')));
    assert.ok(!csv.includes('Export Beta'));
    // A cell a spreadsheet would run as a formula is written inert.
    assert.ok(lines.slice(1).every((l) => l.includes("'=1+2")), csv);
  });
});

test('the shared pool: a rep claims a customer; two selected customers merge with their follow-ups', async () => {
  await onCustomers('lang=en', async ({ page, call }) => {
    const rep = await call('reps.create', { name: 'Wang Fang' });
    const owned = await call('customers.create', { name: 'Owned Co', owner_id: rep.id });
    const free = await call('customers.create', { name: 'Pool Co' });
    const copy = await call('customers.create', { name: 'Pool Co (copy)' });
    await call('followups.create', { customer_id: copy.id, summary: 'called the copy' });
    await reloadList(page);
    await page.selectOption('#me-select', String(rep.id));
    await page.click('#view-pool');
    await page.waitForFunction(() => /pool=1/.test(location.hash));
    await settled(page);
    assert.deepStrictEqual((await names(page)).sort(), ['Pool Co', 'Pool Co (copy)']);
    await page.getByRole('button', { name: 'Claim Pool Co', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('#customer-table .cust-name').length === 1);
    assert.strictEqual((await call('customers.get', { id: free.id })).owner_id, rep.id);

    await page.click('#view-all');
    await settled(page);
    await page.getByRole('checkbox', { name: 'Select Pool Co', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select Pool Co (copy)', exact: true }).check();
    await page.click('#merge-open');
    await page.waitForSelector('#merge-what');
    await page.getByRole('radio', { name: /^Pool Co #/ }).check();
    assert.match(await page.textContent('#merge-what'), /of “Pool Co \(copy\)” moves to “Pool Co”/);
    await page.click('#merge-confirm');
    await page.waitForSelector('#merge-dialog', { state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('#customer-table .cust-name').length === 2);
    assert.deepStrictEqual((await names(page)).sort(), ['Owned Co', 'Pool Co']);
    const moved = (await call('followups.list', { filter: { customer_id: free.id } })).items;
    assert.deepStrictEqual(moved.map((f) => f.summary), ['called the copy']);
    const gone = await page.evaluate((id) => window.genjin.call('customers.get', { id }).then(() => 'there', (e) => e.code), copy.id);
    assert.strictEqual(gone, 'not_found');
    assert.strictEqual((await call('customers.get', { id: owned.id })).owner_id, rep.id);
  });
});

test('a name made of markup is shown as text', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  await onCustomers('lang=zh-CN', async ({ page, call }) => {
    await call('customers.create', { name: evil, company: '<b>bold</b>' });
    await reloadList(page);
    assert.deepStrictEqual(await names(page), [evil]);
    assert.strictEqual(await page.$$eval('#customer-table img, #customer-table b', (els) => els.length), 0);
    await page.fill('#customer-search', 'onerror');
    await page.waitForFunction(() => /q=onerror/.test(location.hash));
    await settled(page);
    assert.deepStrictEqual(await names(page), [evil]);
  });
});

for (const lang of ['zh-CN', 'en']) {
  for (const [size, viewport] of [['1366x768', { width: 1366, height: 768 }], ['390x844', { width: 390, height: 844 }]]) {
    test(`axe finds no serious violation; screenshots (${lang}, ${size})`, async () => {
      await onCustomers(`lang=${lang}`, async ({ page, call }) => {
        await call('demo.generate', { customers: 80, seed: 3 });
        await reloadList(page);
        await page.locator(`${ROWS} .row-select`).nth(0).check();
        await page.locator(`${ROWS} .row-select`).nth(1).check();
        await page.click('#filters-toggle');
        assert.deepStrictEqual(await axeViolations(page), []);
        await screenshot(page, `customers-${lang}-${size}`);
        await page.click('#new-customer-open');
        await page.waitForSelector('#new-customer[open]');
        assert.deepStrictEqual(await axeViolations(page), []);
        await screenshot(page, `customers-new-${lang}-${size}`);
      }, viewport);
    });
  }
}
