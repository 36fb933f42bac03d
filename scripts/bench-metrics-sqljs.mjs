// The metrics dashboard as plain SQL through sql.js 1.16 under node: the
// baseline of the benchmark ("at least 2x faster than sql.js running
// equivalent SQL").
//
//   node --no-experimental-fetch scripts/bench-metrics-sqljs.mjs [--runs N] [--check] DB...
//
// Each DB (made by `genjin bench`) is opened from its bytes with
// new SQL.Database(bytes); the same dashboard as src/cli/cli_bench.c is then
// asked in SQL, written the way a sql.js app would (one query per number or
// per group of numbers, window functions for medians and sequences):
//   totals   the headline metrics of metrics.compute for 2025-05 (the
//            definitions of tests/metrics/test_metrics_crosscheck.c),
//   by rep   won, lost, won amount, follow-ups, customers, active customers,
//            tickets per rep,
//   trends   the same five metrics as the engine's trends, 12 months, each
//            one GROUP BY month query,
//   alerts   the five churn rules as of 2025-06-01, top 50 by customer value,
//   due      the due list of 2025-06-01 (next due, cadence, first contact,
//            stage deadlines), first 50 by due time.
// cold = a fresh Database per run (opening not timed), warm = the same one
// again. Prints one JSON line per size; --check prints the numbers that the
// engine's answers can be compared with.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { summary } from './bench-metrics-lib.mjs';

const require = createRequire(import.meta.url);
const initSqlJs = require('sql.js');

const DAY = 86400;
const FROM = Date.UTC(2025, 4, 1) / 1000;
const TODAY = Date.UTC(2025, 5, 1) / 1000;
const months = [];
for (let i = 0; i < 12; i++) months.push([Date.UTC(2024, 5 + i, 1) / 1000, Date.UTC(2024, 6 + i, 1) / 1000]);
const MONTHS = `mo(i, f, t) AS (VALUES ${months.map(([f, t], i) => `(${i}, ${f}, ${t})`).join(', ')})`;

const S = (k) => `(SELECT value FROM settings WHERE key = '${k}')`;
const MEDIAN = (q) => `WITH x AS (${q}), r AS (SELECT v, row_number() OVER (ORDER BY v) AS i,`
  + ` count(*) OVER () AS n FROM x) SELECT avg(v) FROM r WHERE i IN ((n + 1) / 2, (n + 2) / 2)`;
const P90 = (q) => `WITH x AS (${q}), r AS (SELECT v, row_number() OVER (ORDER BY v) AS i,`
  + ` count(*) OVER () AS n FROM x) SELECT v FROM r WHERE i = (9 * n + 9) / 10`;
const RATIO = (num, den) => `SELECT CASE WHEN (${den}) = 0 THEN NULL ELSE 1.0 * (${num}) / (${den}) END`;
// ABC tiers from revenue before :t, the effective tier's cadence in seconds
const TIERS = `rev AS (SELECT customer_id AS id, sum(amount) AS m FROM orders WHERE at < :t GROUP BY customer_id),`
  + ` abc AS (SELECT id, CASE WHEN tot <= 0 THEN 'C' WHEN run <= 0.8 * tot THEN 'A'`
  + `  WHEN run <= 0.95 * tot THEN 'B' ELSE 'C' END AS tier FROM`
  + `  (SELECT id, sum(m) OVER (ORDER BY m DESC, id) AS run, sum(m) OVER () AS tot FROM rev)),`
  + ` k AS (SELECT c.id, c.created_at, c.owner_id, c.archived OR c.status = 'churned' AS closed,`
  + `  CASE coalesce(c.tier, abc.tier, 'C') WHEN 'A' THEN ${S('cadence_a_days')}`
  + `  WHEN 'B' THEN ${S('cadence_b_days')} ELSE ${S('cadence_c_days')} END * 86400 AS k`
  + `  FROM customers c LEFT JOIN abc ON abc.id = c.id)`;

// Each entry: [label, [sql, params]...]. :f/:t = the period.
const P = { ':f': FROM, ':t': TODAY };
const totals = [
  `WITH sc AS (SELECT e.customer_id, sum(w.points) AS s FROM events e JOIN activity_weights w ON w.kind = e.kind`
    + ` WHERE e.at >= :f AND e.at < :t GROUP BY e.customer_id)`
    + ` SELECT count(*), avg(coalesce(sc.s, 0) >= ${S('active_threshold')}), avg(coalesce(sc.s, 0))`
    + ` FROM customers c LEFT JOIN sc ON sc.customer_id = c.id WHERE c.created_at < :t`,
  `WITH d AS (SELECT status, (SELECT max(p.position) FROM pipeline_stages p WHERE p.name = deals.stage`
    + ` OR p.name IN (SELECT stage FROM deal_stages h WHERE h.deal_id = deals.id)) AS pos FROM deals`
    + ` WHERE created_at >= :f AND created_at < :t)`
    + ` SELECT count(*), sum(status = 'won' OR pos >= 1), sum(status = 'won' OR pos >= 2), sum(status = 'won' OR pos >= 3) FROM d`,
  `SELECT avg(status = 'won'), total(CASE WHEN status = 'won' THEN amount END) FROM deals WHERE closed_at >= :f AND closed_at < :t`,
  `SELECT avg(EXISTS (SELECT 1 FROM deals d WHERE d.customer_id = c.id AND d.status = 'won' AND d.closed_at >= :f AND d.closed_at < :t))`
    + ` FROM customers c WHERE EXISTS (SELECT 1 FROM followups f WHERE f.customer_id = c.id AND f.at >= :f AND f.at < :t)`,
  MEDIAN(`SELECT (closed_at - created_at) / 86400.0 AS v FROM deals WHERE status = 'won' AND closed_at >= :f AND closed_at < :t`),
  `SELECT avg(CASE WHEN kind = 'csat' THEN score END), avg(CASE WHEN kind = 'csat' THEN score >= 4 END),`
    + ` 100.0 * (sum(kind = 'nps' AND score >= 9) - sum(kind = 'nps' AND score <= 6)) / sum(kind = 'nps')`
    + ` FROM surveys WHERE at >= :f AND at < :t`,
  RATIO(`SELECT count(DISTINCT customer_id) FROM tickets WHERE category = 'complaint' AND created_at >= :f AND created_at < :t`,
    `SELECT count(*) FROM (SELECT customer_id FROM orders WHERE at >= :f AND at < :t`
    + ` UNION SELECT customer_id FROM tickets WHERE created_at >= :f AND created_at < :t`
    + ` UNION SELECT customer_id FROM followups WHERE at >= :f AND at < :t)`),
  MEDIAN(`SELECT (first_response_at - created_at) / 3600.0 AS v FROM tickets WHERE created_at >= :f AND created_at < :t AND first_response_at IS NOT NULL`),
  P90(`SELECT (first_response_at - created_at) / 3600.0 AS v FROM tickets WHERE created_at >= :f AND created_at < :t AND first_response_at IS NOT NULL`),
  MEDIAN(`SELECT (resolved_at - created_at) / 3600.0 AS v FROM tickets WHERE created_at >= :f AND created_at < :t AND resolved_at IS NOT NULL`),
  `SELECT count(*), sum(first_response_at IS NULL), avg(coalesce(date(first_response_at, 'unixepoch') = date(created_at, 'unixepoch'), 0))`
    + ` FROM tickets WHERE created_at >= :f AND created_at < :t`,
  MEDIAN(`SELECT v FROM (SELECT at, (at - lag(at) OVER (PARTITION BY customer_id ORDER BY at, id)) / 86400.0 AS v`
    + ` FROM followups) WHERE at >= :f AND at < :t AND v IS NOT NULL`),
  `WITH h AS (SELECT entered_at, stage, lag(entered_at) OVER w AS pt, lag(stage) OVER w AS ps`
    + ` FROM deal_stages WINDOW w AS (PARTITION BY deal_id ORDER BY entered_at, id)),`
    + ` j AS (SELECT h.entered_at - h.pt AS took, (SELECT sum(deadline_days) FROM pipeline_stages q`
    + `  WHERE q.position > p0.position AND q.position <= p1.position) AS allowed`
    + ` FROM h JOIN pipeline_stages p1 ON p1.name = h.stage JOIN pipeline_stages p0 ON p0.name = h.ps`
    + ` WHERE h.entered_at >= :f AND h.entered_at < :t AND p1.position > p0.position)`
    + ` SELECT avg(took <= round(allowed * 86400)) FROM j`,
  // missed follow-ups: the due items rebuilt with lead() (as the cross-check test)
  `WITH ${TIERS}, seq AS (SELECT customer_id, at, next_due_at,`
    + `  lead(at) OVER (PARTITION BY customer_id ORDER BY at, id) AS nxt FROM followups),`
    + ` g AS (SELECT ${S('grace_days')} * 86400 AS grace),`
    + ` items(met, wend) AS (`
    + `  SELECT coalesce(nxt <= next_due_at + grace, 0), next_due_at + grace FROM seq, g WHERE next_due_at >= :f AND next_due_at < :t`
    + `  UNION ALL SELECT coalesce(nxt <= s.at + k.k + grace, 0), s.at + k.k + grace FROM seq s JOIN k ON k.id = s.customer_id, g`
    + `   WHERE s.next_due_at IS NULL AND s.at + k.k >= :f AND s.at + k.k < :t`
    + `  UNION ALL SELECT coalesce((SELECT min(f.at) FROM followups f WHERE f.customer_id = k.id AND f.at >= k.created_at)`
    + `   <= k.created_at + k.k + grace, 0), k.created_at + k.k + grace FROM k, g WHERE k.created_at + k.k >= :f AND k.created_at + k.k < :t`
    + `  UNION ALL SELECT coalesce((SELECT min(f.at) FROM followups f WHERE f.customer_id = x.cid AND f.at >= x.t0) <= x.due + grace, 0),`
    + `   x.due + grace FROM (SELECT d.customer_id AS cid, h.entered_at AS t0, d.closed_at AS closed,`
    + `    h.entered_at + round(nx.deadline_days * 86400) AS due FROM deal_stages h JOIN deals d ON d.id = h.deal_id`
    + `    JOIN pipeline_stages p ON p.name = h.stage JOIN pipeline_stages nx ON nx.position = p.position + 1) x, g`
    + `   WHERE x.due >= :f AND x.due < :t AND (x.closed IS NULL OR x.closed > x.due))`
    + ` SELECT 1.0 * sum(NOT met AND wend < ${TODAY}) / sum(met OR wend < ${TODAY}) FROM items`,
  `WITH per AS (SELECT customer_id, count(*) AS n, count(DISTINCT category) AS k FROM orders WHERE at >= :f AND at < :t GROUP BY customer_id)`
    + ` SELECT count(*), avg(n >= 2), avg(k >= 2) FROM per`,
  `WITH life AS (SELECT customer_id, count(*) AS n, sum(amount) AS a FROM orders WHERE at < :t GROUP BY customer_id)`
    + ` SELECT avg(n >= 2), avg(a) FROM life`,
  RATIO(`SELECT count(*) FROM (SELECT DISTINCT customer_id FROM orders WHERE at >= :f - ${S('churn_window_days')} * 86400 AND at < :f`
    + ` EXCEPT SELECT DISTINCT customer_id FROM orders WHERE at >= :t - ${S('churn_window_days')} * 86400 AND at < :t)`,
    `SELECT count(*) FROM (SELECT DISTINCT customer_id FROM orders WHERE at >= :f - ${S('churn_window_days')} * 86400 AND at < :f)`),
].map((sql) => [sql, P]);

const byRep = [
  `SELECT owner_id, sum(status = 'won'), sum(status = 'lost'), avg(status = 'won'), total(CASE WHEN status = 'won' THEN amount END)`
    + ` FROM deals WHERE closed_at >= :f AND closed_at < :t GROUP BY owner_id`,
  `SELECT rep_id, count(*) FROM followups WHERE at >= :f AND at < :t GROUP BY rep_id`,
  `WITH sc AS (SELECT e.customer_id, sum(w.points) AS s FROM events e JOIN activity_weights w ON w.kind = e.kind`
    + ` WHERE e.at >= :f AND e.at < :t GROUP BY e.customer_id)`
    + ` SELECT c.owner_id, count(*), sum(coalesce(sc.s, 0) >= ${S('active_threshold')})`
    + ` FROM customers c LEFT JOIN sc ON sc.customer_id = c.id WHERE c.created_at < :t GROUP BY c.owner_id`,
  `SELECT rep_id, count(*) FROM tickets WHERE created_at >= :f AND created_at < :t GROUP BY rep_id`,
].map((sql) => [sql, P]);

const T = { ':f': months[0][0], ':t': TODAY };
const MONTH = (col) => `(SELECT i FROM mo WHERE ${col} >= mo.f AND ${col} < mo.t)`;
const trends = [
  `WITH ${MONTHS}, sc AS (SELECT ${MONTH('e.at')} AS i, e.customer_id, sum(w.points) AS s FROM events e`
    + ` JOIN activity_weights w ON w.kind = e.kind WHERE e.at >= :f AND e.at < :t GROUP BY 1, 2)`
    + ` SELECT mo.i, 1.0 * (SELECT count(*) FROM sc JOIN customers c ON c.id = sc.customer_id`
    + `  WHERE sc.i = mo.i AND sc.s >= ${S('active_threshold')} AND c.created_at < mo.t)`
    + ` / (SELECT count(*) FROM customers WHERE created_at < mo.t) FROM mo`,
  `WITH ${MONTHS} SELECT ${MONTH('closed_at')} AS i, avg(status = 'won') FROM deals WHERE closed_at >= :f AND closed_at < :t GROUP BY 1`,
  `WITH ${MONTHS} SELECT ${MONTH('at')} AS i, avg(score) FROM surveys WHERE kind = 'csat' AND at >= :f AND at < :t GROUP BY 1`,
  `WITH ${MONTHS}, x AS (SELECT ${MONTH('created_at')} AS i, (first_response_at - created_at) / 3600.0 AS v FROM tickets`
    + ` WHERE created_at >= :f AND created_at < :t AND first_response_at IS NOT NULL),`
    + ` r AS (SELECT i, v, row_number() OVER (PARTITION BY i ORDER BY v) AS k, count(*) OVER (PARTITION BY i) AS n FROM x)`
    + ` SELECT i, avg(v) FROM r WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY i`,
  `WITH ${MONTHS}, x AS (SELECT ${MONTH('at')} AS i, customer_id, count(*) AS n FROM orders WHERE at >= :f AND at < :t GROUP BY 1, 2)`
    + ` SELECT i, avg(n >= 2) FROM x GROUP BY i`,
].map((sql) => [sql, T]);

const A = { ':t': TODAY };
const WATCHED = `(SELECT id FROM customers WHERE archived = 0 AND status <> 'churned' AND created_at < :t)`;
const alerts = [[
  `WITH ${TIERS},`
    + ` nr AS (SELECT customer_id, 'no_reply' AS rule FROM (SELECT customer_id, direction = 'outbound' AND customer_replied = 0 AS silent,`
    + `   row_number() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS r FROM followups WHERE at < :t)`
    + `  WHERE r <= ${S('rule_no_reply_n')} GROUP BY customer_id HAVING count(*) = ${S('rule_no_reply_n')} AND sum(silent) = count(*)),`
    + ` og AS (SELECT customer_id, at, at - lag(at) OVER (PARTITION BY customer_id ORDER BY at) AS g,`
    + `   count(*) OVER (PARTITION BY customer_id) AS n, max(at) OVER (PARTITION BY customer_id) AS last FROM orders WHERE at < :t),`
    + ` gr AS (SELECT customer_id, g, last, row_number() OVER (PARTITION BY customer_id ORDER BY g) AS r, count(*) OVER (PARTITION BY customer_id) AS m`
    + `   FROM og WHERE n >= 3 AND g IS NOT NULL),`
    + ` pg AS (SELECT customer_id, 'purchase_gap' AS rule FROM gr WHERE r IN ((m + 1) / 2, (m + 2) / 2) GROUP BY customer_id`
    + `   HAVING (:t - max(last)) > ${S('rule_purchase_gap_factor')} * avg(g)),`
    + ` ev AS (SELECT e.customer_id, total(CASE WHEN e.at >= :t - 28 * 86400 THEN w.points END) AS recent,`
    + `   total(CASE WHEN e.at < :t - 28 * 86400 THEN w.points END) AS base FROM events e JOIN activity_weights w ON w.kind = e.kind`
    + `   WHERE e.at >= :t - 56 * 86400 AND e.at < :t GROUP BY e.customer_id),`
    + ` ad AS (SELECT customer_id, 'activity_drop' AS rule FROM ev WHERE base >= ${S('active_threshold')} AND base > 0`
    + `   AND recent < ${S('rule_activity_drop_ratio')} * base),`
    + ` lastf AS (SELECT customer_id, max(at) AS at FROM followups WHERE at < :t GROUP BY customer_id),`
    + ` cd AS (SELECT k.id AS customer_id, 'cadence' AS rule FROM k LEFT JOIN lastf ON lastf.customer_id = k.id`
    + `   WHERE :t - coalesce(lastf.at, k.created_at) > k.k),`
    + ` oc AS (SELECT DISTINCT customer_id, 'open_complaint' AS rule FROM tickets WHERE category = 'complaint'`
    + `   AND created_at <= :t - ${S('rule_open_complaint_hours')} * 3600 AND (resolved_at IS NULL OR resolved_at > :t)),`
    + ` w AS (SELECT * FROM nr UNION ALL SELECT * FROM pg UNION ALL SELECT * FROM ad UNION ALL SELECT * FROM cd UNION ALL SELECT * FROM oc),`
    + ` ww AS (SELECT * FROM w WHERE customer_id IN ${WATCHED})`
    + ` SELECT 'fired', rule, count(*) FROM ww GROUP BY rule`
    + ` UNION ALL SELECT * FROM (SELECT 'top', c.id, group_concat(ww.rule) FROM ww JOIN customers c ON c.id = ww.customer_id`
    + `   LEFT JOIN rev ON rev.id = c.id GROUP BY c.id ORDER BY coalesce(max(rev.m), 0) DESC, c.id LIMIT 50)`, A]];

const D = { ':t': TODAY + DAY };
const due = [[
  `WITH ${TIERS},`
    + ` lastf AS (SELECT customer_id, at, next_due_at, rep_id FROM (SELECT customer_id, at, next_due_at, rep_id,`
    + `   row_number() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS r FROM followups WHERE at < :t) WHERE r = 1),`
    + ` ci AS (SELECT k.id AS customer_id, CASE WHEN lastf.at IS NULL THEN 'first_contact' WHEN lastf.next_due_at IS NOT NULL`
    + `   THEN 'next_due' ELSE 'cadence' END AS reason, CASE WHEN lastf.at IS NULL THEN k.created_at + k.k`
    + `   ELSE coalesce(lastf.next_due_at, lastf.at + k.k) END AS due`
    + `   FROM k LEFT JOIN lastf ON lastf.customer_id = k.id WHERE NOT k.closed AND k.created_at < :t),`
    + ` lasth AS (SELECT deal_id, entered_at, stage FROM (SELECT deal_id, entered_at, stage,`
    + `   row_number() OVER (PARTITION BY deal_id ORDER BY entered_at DESC, id DESC) AS r FROM deal_stages WHERE entered_at < :t) WHERE r = 1),`
    + ` si AS (SELECT d.customer_id, 'stage_deadline' AS reason, lasth.entered_at + round(nx.deadline_days * 86400) AS due`
    + `   FROM deals d JOIN lasth ON lasth.deal_id = d.id JOIN pipeline_stages p ON p.name = lasth.stage`
    + `   JOIN pipeline_stages nx ON nx.position = p.position + 1 JOIN k ON k.id = d.customer_id`
    + `   WHERE d.status = 'open' AND NOT k.closed AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.customer_id = d.customer_id`
    + `   AND f.at >= lasth.entered_at AND f.at < :t)),`
    + ` items AS (SELECT * FROM ci WHERE due < :t UNION ALL SELECT * FROM si WHERE due < :t)`
    + ` SELECT 'total', count(*), NULL FROM items`
    + ` UNION ALL SELECT * FROM (SELECT customer_id, reason, due FROM items ORDER BY due, customer_id, reason LIMIT 50)`, D]];

const OPS = [['totals', totals], ['by rep', byRep], ['trends', trends], ['alerts', alerts], ['due', due]];

function run(db, queries) {
  const out = [];
  for (const [sql, params] of queries) {
    const bound = {};
    for (const k of Object.keys(params)) if (sql.includes(k)) bound[k] = params[k];
    out.push(db.exec(sql, bound));
  }
  return out;
}

function dashboard(db) {
  const t = [];
  const results = {};
  for (const [label, queries] of OPS) {
    const t0 = performance.now();
    results[label] = run(db, queries);
    t.push(performance.now() - t0);
  }
  t.push(t.reduce((a, b) => a + b, 0));
  return { t, results };
}

async function main() {
  const args = process.argv.slice(2);
  let runs = 5;
  let check = false;
  const dbs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--check') check = true;
    else dbs.push(args[i]);
  }
  if (!dbs.length || !(runs >= 1)) {
    console.error('usage: bench-metrics-sqljs.mjs [--runs N] [--check] DB...');
    process.exit(2);
  }
  const SQL = await initSqlJs({ wasmBinary: fs.readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm')) });
  for (const file of dbs) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const cold = OPS.map(() => []).concat([[]]);
    const warm = OPS.map(() => []).concat([[]]);
    let last = null;
    for (let r = 0; r < runs; r++) {
      const db = new SQL.Database(bytes);
      const { t } = dashboard(db);
      t.forEach((x, i) => cold[i].push(x));
      db.close();
    }
    const db = new SQL.Database(bytes);
    dashboard(db);
    for (let r = 0; r < runs; r++) {
      const { t, results } = dashboard(db);
      t.forEach((x, i) => warm[i].push(x));
      last = results;
    }
    db.close();
    const size = (path.basename(file).match(/bench-(\w+)\.db$/) || [null, path.basename(file)])[1];
    console.log(summary(file, 'sql.js', runs, OPS.map(([label]) => label), cold, warm));
    if (check) {
      const first = (res) => (res[0] ? res[0].values : []);
      console.log(JSON.stringify({
        size,
        totals: last.totals.map(first),
        trends: last.trends.map(first),
        alerts_fired: first(last.alerts[0]).filter((r) => r[0] === 'fired'),
        due_total: first(last.due[0]).filter((r) => r[0] === 'total'),
      }));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
