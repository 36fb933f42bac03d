// The Tickets page in headless Chromium: respond to a ticket (the first
// response is stamped), resolve it, record the CSAT survey offered right
// after and one from a resolved ticket's row, checked through the API
// after a reload; filters live in the address; a new ticket from the
// form; a subject that looks like markup is text; axe and screenshots in
// both languages at desktop and phone size.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { axeViolations, screenshot } = require('./app.js');
const { openWithDemo, watchFor, sawIt, MARKUP, api, appTestBed, inContext, inEveryLook } = require('./bed.js');

const bed = appTestBed();
const DESKTOP = { width: 1366, height: 768 };

/* A fresh database with demo data and one open ticket whose subject looks
 * like markup, on the list of everyone's tickets. */
async function openTickets(context, problems, lang) {
  const { page, db, customer } = await openWithDemo(context, bed.web.base, 'tickets', problems, lang, 30, 7);
  const ticket = await api(page, 'tickets.create', {
    customer_id: customer.id, subject: MARKUP, priority: 'high', category: 'complaint', created_at: new Date(Date.now() - 3 * 3600e3).toISOString(),
  });
  await page.goto(`${bed.web.base}?db=${db}&lang=${lang}#/tickets?owner=all`);
  await page.waitForSelector(`#ticket-${ticket.id}`, { timeout: 30000 });
  return { page, db, ticket, customer };
}

async function reload(page, selector) {
  await page.reload();
  await page.waitForSelector(selector, { timeout: 30000 });
}

test('respond to and resolve a ticket, then record the CSAT survey; the core holds all of it', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, ticket, customer } = await openTickets(context, problems, 'en');
  const row = `#ticket-${ticket.id}`;
  assert.strictEqual(await page.textContent(`${row} .ticket-subject`), MARKUP);
  assert.strictEqual(await page.$$eval('.tickets-table img', (els) => els.length), 0);
  assert.match(await page.textContent(`${row} [data-clock="first_response"]`), /waiting 3 h/);

  const before = Date.now();
  await watchFor(page, `${row}-respond:disabled`, 'Saving…');
  await page.click(`${row}-respond`);
  await page.waitForSelector(`${row}-respond`, { state: 'detached' });
  assert.ok(await sawIt(page), 'Respond said "Saving…" until the write was durable');
  await page.waitForSelector('#storage[data-saved="true"]');
  assert.match(await page.textContent(`${row} [data-clock="first_response"]`), /took 3 h/);
  await reload(page, row);
  const responded = await api(page, 'tickets.get', { id: ticket.id });
  assert.ok(Date.parse(responded.first_response_at) >= Math.floor(before / 1000) * 1000, 'first response stamped now');
  assert.strictEqual(responded.status, 'open');

  await page.click(`${row}-resolve`);
  await page.waitForSelector('#csat-dialog');
  assert.match(await page.textContent('#csat-dialog'), /is resolved/);
  await page.click('#csat-save');
  assert.match(await page.textContent('#csat-dialog .field-error'), /Score cannot be empty/);
  await page.check('#csat-score-4');
  await page.fill('#csat-comment', '响应很快');
  await page.click('#csat-save');
  await page.waitForSelector('#csat-dialog', { state: 'detached' });
  await page.waitForSelector(`${row} .csat-score[data-score="4"]`);
  await reload(page, `${row} .csat-score[data-score="4"]`);
  const resolved = await api(page, 'tickets.get', { id: ticket.id });
  assert.strictEqual(resolved.status, 'resolved');
  assert.ok(resolved.resolved_at, 'resolving stamps resolved_at');
  const surveys = (await api(page, 'surveys.list', { filter: { ticket_id: ticket.id } })).items;
  assert.strictEqual(surveys.length, 1);
  assert.deepStrictEqual(
    [surveys[0].kind, surveys[0].score, surveys[0].touchpoint, surveys[0].customer_id, surveys[0].comment],
    ['csat', 4, 'after_service', customer.id, '响应很快']);
}));

test('a resolved ticket offers CSAT from its row; filters stay in the address; a new ticket from the form', () => inContext(bed.browser, DESKTOP, async (context, problems) => {
  const { page, db, customer } = await openTickets(context, problems, 'en');
  const done = await api(page, 'tickets.create', { customer_id: customer.id, subject: 'Invoice copy', status: 'resolved' });
  await reload(page, `#ticket-${done.id}-csat`);
  await page.click(`#ticket-${done.id}-csat`);
  await page.check('#csat-score-2');
  await page.click('#csat-save');
  await page.waitForSelector(`#ticket-${done.id} .csat-score[data-score="2"]`);
  const s = (await api(page, 'surveys.list', { filter: { ticket_id: done.id } })).items;
  assert.deepStrictEqual(s.map((x) => [x.kind, x.score, x.touchpoint]), [['csat', 2, 'after_service']]);

  await page.selectOption('#tickets-filter-status', 'resolved');
  await page.waitForFunction(() => location.hash.includes('status=resolved')
    && [...document.querySelectorAll('.tickets-table tbody tr')].every((r) => r.dataset.status === 'resolved'));
  await page.selectOption('#tickets-filter-priority', 'urgent');
  await reload(page, '.tickets-total');
  assert.strictEqual(await page.inputValue('#tickets-filter-status'), 'resolved');
  assert.strictEqual(await page.inputValue('#tickets-filter-priority'), 'urgent');
  const want = (await api(page, 'tickets.list', { filter: { status: 'resolved', priority: 'urgent' } })).total;
  await page.waitForFunction((n) => document.querySelectorAll('.tickets-table tbody tr').length === Math.min(n, 50), want);

  await page.goto(`${bed.web.base}?db=${db}&lang=en#/tickets?owner=all`);
  await page.waitForSelector('#new-ticket');
  await page.click('#new-ticket');
  await page.fill('#new-ticket-customer', customer.name);
  await page.click(`.picker-option:has-text("${customer.name}")`);
  await page.fill('#new-ticket-subject', 'Printer offline');
  await page.selectOption('#new-ticket-priority', 'urgent');
  await page.click('#new-ticket-dialog button[type="submit"]');
  await page.waitForSelector('#new-ticket-dialog', { state: 'detached' });
  await page.waitForSelector('.tickets-table tr:has-text("Printer offline")');
  const made = (await api(page, 'tickets.list', { q: 'Printer offline' })).items;
  assert.deepStrictEqual(made.map((x) => [x.customer_id, x.priority, x.status]), [[customer.id, 'urgent', 'open']]);
}));

test('the tickets page passes axe and is screenshotted in both languages at desktop and phone size', () => inEveryLook(bed.browser, async (context, problems, lang, width) => {
  const { page, ticket } = await openTickets(context, problems, lang);
  await screenshot(page, `tickets-${lang}-${width}`);
  assert.deepStrictEqual(await axeViolations(page), [], `${lang} ${width}`);
  await page.click(`#ticket-${ticket.id}-resolve`);
  await page.waitForSelector('#csat-dialog');
  await screenshot(page, `tickets-csat-${lang}-${width}`);
  assert.deepStrictEqual(await axeViolations(page), [], `${lang} ${width} CSAT dialog`);
}));
