// The Pipeline page in headless Chromium: a deal moves across the kanban
// by drag-and-drop, by Alt+→ and by its "Move to…" list, and the stage the
// core holds after a reload is the one the page showed; a lost deal needs
// its reason; a refused move puts the card back and says why; a deal title
// that looks like markup is text; axe and screenshots in both languages.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { axeViolations, screenshot, openFresh } = require('./app.js');
const { openWithDemo, watchFor, sawIt, MARKUP, api, appTestBed, inContext, inEveryLook } = require('./bed.js');

const bed = appTestBed();
const DESKTOP = { width: 1366, height: 768 };

/* A fresh database with demo data and one deal titled like markup, on the
 * pipeline of everyone's deals. */
async function openPipeline(context, problems, lang) {
  const { page, db, customer } = await openWithDemo(context, bed.web.base, 'pipeline', problems, lang, 30, 5);
  const deal = await api(page, 'deals.create', { customer_id: customer.id, title: MARKUP, amount: 12345 });
  await page.goto(`${bed.web.base}?db=${db}&lang=${lang}#/pipeline?owner=all`);
  await page.waitForSelector(`#deal-${deal.id}`, { timeout: 30000 });
  return { page, db, deal };
}

/* Reloads the page and waits for the card of deal `id`. */
async function reload(page, id) {
  await page.reload();
  await page.waitForSelector(`#deal-${id}`, { timeout: 30000 });
}

/* Waits until the card of deal `id` is in column `col` and saved. */
async function settled(page, id, col) {
  await page.waitForSelector(`#col-${col} #deal-${id}:not(.saving)`, { timeout: 15000 });
  await page.waitForSelector('#storage[data-saved="true"]');
}

test('a deal moves by drag, by keyboard and by its menu; the core holds each stage', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, deal } = await openPipeline(context, problems, 'en');
  // Markup in a title is shown as typed, never made into an element.
  assert.strictEqual(await page.textContent(`#deal-${deal.id} .deal-title`), MARKUP);
  assert.strictEqual(await page.$$eval('.board img', (els) => els.length), 0);
  assert.match(await page.textContent('#col-stage-0 .column-head'), /¥12,345|CN¥/);

  await watchFor(page, `#col-stage-1 #deal-${deal.id}.saving .deal-saving`, 'Saving…');
  await page.locator(`#deal-${deal.id}`).dragTo(page.locator('#col-stage-1'));
  await settled(page, deal.id, 'stage-1');
  assert.ok(await sawIt(page), 'the card said "Saving…" in its new column until the move was durable');
  await reload(page, deal.id);
  assert.strictEqual((await api(page, 'deals.get', { id: deal.id })).stage, 'needs');
  assert.ok(await page.$(`#col-stage-1 #deal-${deal.id}`), 'after reload the card is under Needs');

  await page.focus(`#deal-${deal.id}`);
  await page.keyboard.press('Alt+ArrowRight');
  await settled(page, deal.id, 'stage-2');
  assert.strictEqual(await page.evaluate(() => document.activeElement.id), `deal-${deal.id}`, 'focus follows the card');
  assert.match(await page.textContent('#pipeline-live'), /moved to Proposal and saved/);
  await reload(page, deal.id);
  assert.strictEqual((await api(page, 'deals.get', { id: deal.id })).stage, 'proposal');
  // Just entered Proposal: Contract is 7 days away, the last stage has no deadline.
  assert.strictEqual(await page.getAttribute(`#deal-${deal.id} [data-deadline]`, 'data-deadline'), 'on_time');
  assert.match(await page.textContent(`#deal-${deal.id}`), /On time\s*0 d in stage/);

  // The "Move to…" list opens from its button, Escape closes it.
  await page.click(`#deal-${deal.id}-move`);
  await page.keyboard.press('Escape');
  await page.waitForSelector(`#deal-${deal.id}-moves`, { state: 'detached' });
  assert.strictEqual(await page.evaluate(() => document.activeElement.id), `deal-${deal.id}-move`);
  await page.click(`#deal-${deal.id}-move`);
  await page.click(`#deal-${deal.id}-moves button:text-is("Contract")`);
  await settled(page, deal.id, 'stage-3');
  await reload(page, deal.id);
  assert.strictEqual((await api(page, 'deals.get', { id: deal.id })).stage, 'contract');
  assert.strictEqual(await page.$(`#deal-${deal.id} [data-deadline]`), null);
}));

test('losing a deal asks for the reason; a refused move returns the card and says why', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, deal } = await openPipeline(context, problems, 'en');
  await page.locator(`#deal-${deal.id}`).dragTo(page.locator('#col-lost'));
  await page.waitForSelector('#lost-dialog');
  await page.click('#lost-save');
  assert.match(await page.textContent('#lost-dialog .field-error'), /Lost reason cannot be empty/);
  assert.strictEqual((await api(page, 'deals.get', { id: deal.id })).status, 'open');
  await page.fill('#lost-reason', '价格太高');
  await page.click('#lost-save');
  await page.waitForSelector('#lost-dialog', { state: 'detached' });
  await settled(page, deal.id, 'lost');
  await reload(page, deal.id);
  const lost = await api(page, 'deals.get', { id: deal.id });
  assert.strictEqual(lost.status, 'lost');
  assert.strictEqual(lost.lost_reason, '价格太高');
  assert.match(await page.textContent(`#col-lost #deal-${deal.id}`), /价格太高/);

  // Another tab deleted this deal: the move is refused, the card stays.
  const other = await api(page, 'deals.create', { customer_id: deal.customer_id, title: 'Gone soon' });
  await reload(page, other.id);
  await api(page, 'deals.delete', { id: other.id });
  await page.focus(`#deal-${other.id}`);
  await page.keyboard.press('Alt+ArrowRight');
  await page.waitForSelector('.notice.error');
  assert.match(await page.textContent('.notice.error'), /“Gone soon” was not moved: this deal no longer exists/);
  assert.ok(await page.$(`#col-stage-0 #deal-${other.id}:not(.saving)`), 'the card is back in its column');
}));

test('the pipeline passes axe and is screenshotted in both languages at desktop and phone size', () => inEveryLook(bed.browser, async (context, problems, lang, width) => {
  const { page, deal } = await openPipeline(context, problems, lang);
  await screenshot(page, `pipeline-${lang}-${width}`);
  assert.deepStrictEqual(await axeViolations(page), [], `${lang} ${width}`);
  if (width !== DESKTOP.width) return;
  await page.click(`#deal-${deal.id}-move`);
  assert.deepStrictEqual(await axeViolations(page), [], `${lang} move list`);
  await page.click('#new-deal');
  await page.waitForSelector(`#deal-${deal.id}-moves`, { state: 'detached' }); // a click elsewhere closes it
  await page.waitForSelector('.picker-option');
  await page.click('.picker-option');
  await page.waitForSelector('#new-deal-title');
  assert.deepStrictEqual(await axeViolations(page), [], `${lang} new deal`);
  await screenshot(page, `pipeline-new-deal-${lang}`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#new-deal-dialog', { state: 'detached' });
  await page.click(`#deal-${deal.id}-move`);
  await page.click(`#deal-${deal.id}-moves button.lost`);
  await page.click('#lost-save');
  await page.waitForSelector('#lost-dialog .field-error');
  assert.deepStrictEqual(await axeViolations(page), [], `${lang} lost reason`);
  await screenshot(page, `pipeline-lost-${lang}`);
}));

test('a long column shows 50 cards and the rest on request; its count and sum cover all', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, db, customer } = await openWithDemo(context, bed.web.base, 'pipeline-long', problems, 'en', 5, 3);
  const rep = await api(page, 'reps.create', { name: 'Long Column' });
  for (let i = 0; i < 53; i++) await api(page, 'deals.create', { customer_id: customer.id, owner_id: rep.id, title: `Bulk ${i}`, amount: 100 });
  await page.goto(`${bed.web.base}?db=${db}&lang=en#/pipeline?owner=${rep.id}`);
  await page.waitForSelector('#col-stage-0 .deal-card');
  assert.strictEqual(await page.$$eval('#col-stage-0 .deal-card', (els) => els.length), 50);
  assert.match(await page.textContent('#col-stage-0 .column-head'), /53 deals\s*CN¥5,300/);
  await page.click('#col-stage-0 button.more:text-is("Show 3 more")');
  await page.waitForFunction(() => document.querySelectorAll('#col-stage-0 .deal-card').length === 53);
}));

test('a move the browser cannot store says so, stays on the board and is kept after Retry', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, db, customer } = await openWithDemo(context, bed.web.base, 'pipeline-full', problems, 'en', 5, 3);
  const deal = await api(page, 'deals.create', { customer_id: customer.id, title: 'Disk full' });
  await page.goto(`${bed.web.base}?db=${db}&lang=en&test-hooks=1#/pipeline?owner=all`);
  await page.waitForSelector(`#deal-${deal.id}`);
  await api(page, 'test.failStorage', { on: true });
  await page.focus(`#deal-${deal.id}`);
  await page.keyboard.press('Alt+ArrowRight');
  await page.waitForSelector('.notice.error');
  assert.match(await page.textContent('.notice.error'), /“Disk full” was moved, but this browser could not save it/);
  await page.waitForSelector('#storage.error #retry-save');
  await page.waitForSelector(`#col-stage-1 #deal-${deal.id}:not(.saving)`);

  await api(page, 'test.failStorage', { on: false });
  await page.click('#retry-save');
  await page.waitForSelector('#storage[data-saved="true"]');
  await page.reload();
  await page.waitForSelector(`#col-stage-1 #deal-${deal.id}`, { timeout: 30000 });
  assert.strictEqual((await api(page, 'deals.get', { id: deal.id })).stage, 'needs');
}));

test('stages are the user\'s own words, and the owner filter starts at "I am …"', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, db } = await openFresh(context, bed.web.base, 'pipeline-words', problems, 'lang=en');
  const stages = [{ name: '初访 <b>', deadline_days: 2 }, { name: 'Demo & trial', deadline_days: 5 }];
  await api(page, 'settings.set', { pipeline: stages });
  const [wang, li] = [await api(page, 'reps.create', { name: '王芳' }), await api(page, 'reps.create', { name: '李雷' })];
  const customer = await api(page, 'customers.create', { name: '星河科技' });
  const mine = await api(page, 'deals.create', { customer_id: customer.id, owner_id: wang.id, title: 'Mine', amount: 10 });
  const theirs = await api(page, 'deals.create', { customer_id: customer.id, owner_id: li.id, title: 'Theirs', amount: 20 });
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  await page.selectOption('#me-select', String(wang.id));
  await page.goto(`${bed.web.base}?db=${db}&lang=en#/pipeline`);
  await page.waitForSelector(`#deal-${mine.id}`);
  assert.deepStrictEqual(await page.$$eval('.column-head h2', (hs) => hs.map((h) => h.textContent)), [...stages.map((s) => s.name), 'Won', 'Lost']);
  assert.strictEqual(await page.inputValue('#pipeline-owner'), String(wang.id));
  assert.strictEqual(await page.$(`#deal-${theirs.id}`), null, 'another rep\'s deal is filtered out');
  assert.match(await page.textContent(`#deal-${mine.id}`), /On time/);
  await page.selectOption('#pipeline-owner', 'all');
  await page.waitForSelector(`#deal-${theirs.id}`);
  assert.match(await page.textContent('#col-stage-0 .column-head'), /2 deals\s*CN¥30/);
}));
