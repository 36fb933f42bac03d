// The `team` argument of the metrics ops in the WASM core the page runs,
// and `genjin report --team` / `genjin metrics --team` of the native CLI:
// a team's numbers are its reps' numbers added up, the CLI and the WASM
// core give the same answers, and bad values are errors naming `team`.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { openCore, GenjinError } = require('./wasm.js');

const DEMO = { customers: 120, seed: 4, now: '2025-06-04T10:00:00Z' };
const WEEK = { from: '2025-05-26', to: '2025-06-02' }; // 2025-W22

async function demoCore() {
  const core = await openCore();
  core.setNow('2025-06-04T10:00:00Z');
  core.call('demo.generate', DEMO);
  return core;
}

test('reps.teams lists every team with its reps, and a team adds up to its reps', async () => {
  const core = await demoCore();
  try {
    const teams = core.call('reps.teams');
    assert.strictEqual(teams.total, teams.items.length);
    const reps = core.call('reps.list', { limit: 1000 }).items;
    for (const t of teams.items) {
      assert.deepStrictEqual(t.rep_ids, reps.filter((r) => r.team === t.name).map((r) => r.id).sort((a, b) => a - b));
    }
    for (const t of teams.items) {
      const team = core.call('metrics.compute', { ...WEEK, team: t.name });
      const each = t.rep_ids.map((id) => core.call('metrics.compute', { ...WEEK, rep_id: id }));
      const sum = (f) => each.reduce((a, m) => a + f(m), 0);
      assert.strictEqual(team.conversion.followups, sum((m) => m.conversion.followups), t.name);
      assert.strictEqual(team.activity.customers, sum((m) => m.activity.customers), t.name);
      assert.strictEqual(team.conversion.won, sum((m) => m.conversion.won), t.name);
      assert.strictEqual(team.response.due_items, sum((m) => m.response.due_items), t.name);
      const due = core.call('followups.due', { team: t.name, range: 'week' });
      assert.strictEqual(due.total, t.rep_ids.reduce((a, id) => a + core.call('followups.due', { rep_id: id, range: 'week' }).total, 0));
      // the same reps as a list of ids
      assert.deepStrictEqual(core.call('metrics.compute', { ...WEEK, team: t.rep_ids.slice().reverse() }), team);
    }
  } finally { core.close(); }
});

test('a bad team is invalid, naming the field and the reason', async () => {
  const core = await demoCore();
  try {
    const cases = [['无此组', 'unknown_team'], [3, 'wrong_type'], [true, 'wrong_type'], [[], 'too_few'],
      [['1'], 'not_an_integer'], [[2.5], 'not_an_integer'], [[-1], 'bad_id'], [[1, 4242], 'not_found']];
    for (const op of ['metrics.compute', 'metrics.trend', 'metrics.scorecard', 'metrics.explain', 'followups.due', 'alerts.churn', 'metrics.weekly']) {
      const base = op === 'metrics.weekly' ? { week: '2025-W22' }
        : op.startsWith('metrics.') ? { ...WEEK, metric: 'conversion.win_rate' } : {};
      if (op === 'metrics.compute' || op === 'metrics.scorecard') delete base.metric;
      for (const [team, reason] of cases) {
        assert.throws(() => core.call(op, { ...base, team }),
          (e) => e instanceof GenjinError && e.code === 'invalid' && e.field === 'team' && e.reason === reason,
          `${op} team ${JSON.stringify(team)}`);
      }
    }
  } finally { core.close(); }
});

test('genjin report --team and genjin metrics --team give the team\'s numbers, as the WASM core does', async (t) => {
  const cli = path.join(__dirname, '..', '..', 'build', 'genjin');
  if (!fs.existsSync(cli)) {
    t.skip('native build/genjin is not built');
    return;
  }
  const tmp = fs.mkdtempSync('/tmp/genjin-team-');
  const db = path.join(tmp, 't.db');
  const core = await demoCore();
  try {
    execFileSync(cli, ['--db', db, 'demo', '--customers', String(DEMO.customers), '--seed', String(DEMO.seed), '--now', DEMO.now]);
    const team = core.call('reps.teams').items.sort((a, b) => b.rep_ids.length - a.rep_ids.length)[0];
    const wasm = core.call('metrics.compute', { ...WEEK, team: team.name });
    const native = JSON.parse(execFileSync(cli, ['--db', db, 'metrics', '--from', WEEK.from, '--to', WEEK.to, '--team', team.name, '--json']).toString());
    assert.deepStrictEqual(native.conversion, wasm.conversion);
    assert.deepStrictEqual(native.activity, wasm.activity);
    const text = execFileSync(cli, ['--db', db, 'report', '--week', '2025-W22', '--team', team.name, '--lang', 'en']).toString();
    assert.ok(text.includes(`2025-05-26 to 2025-06-01 · ${team.name}`), text.slice(0, 200));
    assert.ok(text.includes(`This week ${wasm.conversion.followups} follow-ups`), text.slice(0, 400));
    assert.strictEqual(text, core.call('metrics.weekly', { week: '2025-W22', team: team.name, lang: 'en' }).text);
    const bad = spawnSync(cli, ['--db', db, 'report', '--week', '2025-W22', '--team', 'nobody'], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 1);
    assert.strictEqual(bad.stdout, '');
    assert.match(bad.stderr, /team: no rep is in a team named 'nobody'/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    core.close();
  }
});
