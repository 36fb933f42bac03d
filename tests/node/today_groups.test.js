// How Today groups the due list — by the core's `group` when it gives one,
// else from each item's status and due time against the workspace's today
// (the day list of a core without the week range) — and says why an item
// is due. The page modules are bundled by esbuild, as the app build does,
// and loaded here.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { build } = require('esbuild');

// The workspace offset defaults to the machine's; these cases are at UTC.
process.env.TZ = 'UTC';
globalThis.location = { search: '' };
globalThis.localStorage = { getItem: () => null, setItem: () => {} };
if (!globalThis.navigator) globalThis.navigator = { language: 'en' };

/* data.js and why.js of the Today page as one module. */
async function load() {
  const dir = path.join(__dirname, '..', '..', 'web', 'app', 'pages', 'today');
  const out = await build({
    stdin: { contents: "export * from './data.js'; export * from './why.js';", resolveDir: dir, loader: 'js' },
    bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent',
    mainFields: ['module', 'main'],
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-today-')), 'data.mjs');
  fs.writeFileSync(file, out.outputFiles[0].text);
  return import(pathToFileURL(file).href);
}

test('a due item says why it is due, the items with no next step what is missing', async () => {
  const { whyText } = await load();
  const settings = { cadence_a_days: 7, cadence_b_days: 14, cadence_c_days: 30 };
  assert.match(whyText({ reason: 'cadence', tier: 'B', due_at: '2026-03-10T00:00:00Z', since: '2026-02-24T00:00:00Z' }, settings),
    /^Tier B cadence: every 14 days since the last follow-up on 02\/24\/2026$/);
  assert.match(whyText({ reason: 'stage_deadline', stage: 'proposal', deal_title: '年度采购', due_at: '2026-03-12T00:00:00Z' }, settings),
    /move “年度采购” to Proposal by 03\/12\/2026/);
  assert.match(whyText({ group: 'no_next_step', reason: 'no_next_step', deal_id: 1, deal_title: '年度采购', deal_stage: 'needs' }, settings),
    /Open deal “年度采购” \(Needs\) has no next follow-up/);
  assert.match(whyText({ group: 'no_next_step', reason: 'no_next_step', followup_id: 5, since: '2026-03-01T12:00:00Z' }, settings),
    /last follow-up \(03\/01\/2026\) set no next step/);
  assert.match(whyText({ group: 'no_next_step', reason: 'no_next_step', since: '2026-03-01T00:00:00Z' }, settings), /^New customer since/);
});

test('due items are grouped by the core\'s group, else by their due time', async () => {
  const { groupOf, itemKey } = await load();
  const today = '2026-03-10'; // workspace offset 0 (the default without settings)
  assert.strictEqual(groupOf({ group: 'week', due_at: '2026-03-09T10:00:00Z', status: 'overdue' }, today), 'week');
  assert.strictEqual(groupOf({ group: 'no_next_step' }, today), 'no_next_step');
  assert.strictEqual(groupOf({ status: 'overdue', due_at: '2026-03-10T01:00:00Z' }, today), 'overdue');
  assert.strictEqual(groupOf({ status: 'today', due_at: '2026-03-10T23:59:00Z' }, today), 'today');
  assert.strictEqual(groupOf({ due_at: '2026-03-09T23:59:00Z' }, today), 'overdue');
  assert.strictEqual(groupOf({ due_at: '2026-03-12T08:00:00Z' }, today), 'week');
  assert.strictEqual(groupOf({ customer_id: 4 }, today), 'no_next_step');
  assert.notStrictEqual(itemKey({ customer_id: 4, reason: 'next_due', followup_id: 9 }),
    itemKey({ customer_id: 4, reason: 'stage_deadline', deal_id: 2 }), 'one customer due twice keeps two rows');
});
