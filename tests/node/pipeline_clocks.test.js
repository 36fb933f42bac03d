// The pipeline's stage deadline and the tickets' clocks as the page works
// them out (web/app/pages/pipeline/deadline.js, tickets/clock.js): the
// core's own fields when a list gives them, else the same rules from the
// stage history; local days in the workspace's time zone.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');

const app = path.join(__dirname, '..', '..', 'web', 'app', 'pages');
const load = (file) => import(path.join(app, file));
const H = 3600e3;
const PIPELINE = [{ name: 'first_contact', deadline_days: 0 }, { name: 'needs', deadline_days: 3 }, { name: 'proposal', deadline_days: 5 }];

test('a stage deadline counts the next stage\'s days from the entry; due on its local day, late after', async () => {
  const { stageFacts, enteredAtFromHistory } = await load('pipeline/deadline.js');
  const deal = { id: 7, stage: 'first_contact', created_at: '2026-01-01T00:00:00Z' };
  const history = [
    { deal_id: 7, stage: 'first_contact', entered_at: '2026-01-01T00:00:00Z' },
    { deal_id: 7, stage: 'needs', entered_at: '2026-01-02T00:00:00Z' },
    { deal_id: 7, stage: 'first_contact', entered_at: '2026-01-05T08:00:00Z' }, // moved back: the latest entry counts
    { deal_id: 8, stage: 'first_contact', entered_at: '2026-01-09T00:00:00Z' },
  ];
  const entered = enteredAtFromHistory([deal], history);
  assert.deepStrictEqual([...entered], [[7, '2026-01-05T08:00:00Z']]);
  const at = (iso, tz = 0) => stageFacts(deal, PIPELINE, entered, tz, Date.parse(iso));
  assert.deepStrictEqual(at('2026-01-06T09:00:00Z'),
    { entered_at: '2026-01-05T08:00:00Z', days: 1, deadline_at: '2026-01-08T08:00:00.000Z', state: 'on_time' });
  assert.strictEqual(at('2026-01-08T01:00:00Z').state, 'due');
  assert.strictEqual(at('2026-01-08T23:59:00Z').state, 'due', 'due until the end of the local day');
  assert.strictEqual(at('2026-01-09T00:00:00Z').state, 'late');
  // At UTC+8 the deadline (16:00 local on the 8th) is on the 8th too, but
  // 20:00 UTC on the 8th is already the 9th there.
  assert.strictEqual(at('2026-01-08T20:00:00Z', 480).state, 'late');
  assert.strictEqual(at('2026-01-08T20:00:00Z', -300).state, 'due');
  // The last stage has no deadline.
  assert.strictEqual(stageFacts({ ...deal, stage: 'proposal' }, PIPELINE, null, 0, Date.parse('2026-03-01T00:00:00Z')).state, null);
});

test('the core\'s deal fields win over the page\'s own reckoning', async () => {
  const { stageFacts, needsHistory } = await load('pipeline/deadline.js');
  const deal = { id: 1, stage: 'needs', stage_entered_at: '2026-01-01T00:00:00Z', days_in_stage: 4, stage_deadline_at: '2026-01-06T00:00:00Z', deadline_state: 'due' };
  assert.strictEqual(needsHistory([deal]), false);
  assert.strictEqual(needsHistory([deal, { id: 2, stage: 'needs' }]), true);
  assert.deepStrictEqual(stageFacts(deal, PIPELINE, null, 0, Date.parse('2027-01-01T00:00:00Z')),
    { entered_at: '2026-01-01T00:00:00Z', days: 4, deadline_at: '2026-01-06T00:00:00Z', state: 'due' });
});

test('a ticket\'s clocks run while it is open and stop at their stamps; the core\'s SLA state is kept', async () => {
  const { ticketClock, slaTone } = await load('tickets/clock.js');
  const created = '2026-01-01T00:00:00Z';
  const now = Date.parse(created) + 30 * H;
  const open = { status: 'open', created_at: created, first_response_at: '2026-01-01T02:30:00Z', resolved_at: null };
  assert.deepStrictEqual(ticketClock(open, 'first_response', now), { running: false, hours: 2.5, state: null, due_at: null });
  assert.deepStrictEqual(ticketClock(open, 'resolution', now), { running: true, hours: 30, state: null, due_at: null });
  const closed = { status: 'resolved', created_at: created, first_response_at: null, resolved_at: '2026-01-01T10:00:00Z' };
  assert.strictEqual(ticketClock(closed, 'first_response', now), null, 'without an SLA state an unanswered resolved ticket has no clock');
  assert.strictEqual(ticketClock(closed, 'resolution', now).hours, 10);
  const sla = { ...closed, first_response_state: 'breached', first_response_due_at: '2026-01-01T04:00:00Z' };
  assert.deepStrictEqual(ticketClock(sla, 'first_response', now), { running: true, hours: 30, state: 'breached', due_at: '2026-01-01T04:00:00Z' });
  assert.deepStrictEqual(['met', 'breached', 'running'].map(slaTone), ['ok', 'bad', '']);
});
