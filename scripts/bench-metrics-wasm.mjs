// The metrics dashboard benchmark in the WASM build under node.
//
//   node --no-experimental-fetch scripts/bench-metrics-wasm.mjs [--dist DIR] [--runs N] DB...
//
// Each DB (made by `genjin bench`: bench-S.db, ...) is loaded byte for byte
// into a "genjin-mem:" page store (src/store/memvfs.c, as the page does
// with IndexedDB pages) and the same requests as src/cli/cli_bench.c are
// timed through web/engine/core.js: cold = a fresh page store and handle per
// run (loading the pages and opening are not timed; the first dashboard
// reads the tables into the metrics' memory), warm = the same handle again.
// Prints one JSON line per size (median and min of N runs, ms).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { summary } from './bench-metrics-lib.mjs';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Core, Pages } = require(path.join(root, 'web', 'engine', 'core.js'));

const TODAY = '2025-06-01';
const trend = (metric) => ['metrics.trend', { metric, from: '2024-06-01', to: TODAY }];
// The dashboard: the same requests, in the same order, as src/cli/cli_bench.c.
const OPS = [
  ['compute by rep', ['metrics.compute', { from: '2025-05-01', to: TODAY, by: ['rep'] }]],
  ['trend activity.active_rate', trend('activity.active_rate')],
  ['trend conversion.win_rate', trend('conversion.win_rate')],
  ['trend satisfaction.csat_avg', trend('satisfaction.csat_avg')],
  ['trend response.first_response_hours.median', trend('response.first_response_hours.median')],
  ['trend retention.repurchase_rate', trend('retention.repurchase_rate')],
  ['alerts.churn', ['alerts.churn', { as_of: TODAY, limit: 50 }]],
  ['followups.due', ['followups.due', { date: TODAY, limit: 50 }]],
];

function parseArgs(argv) {
  const o = { dist: path.join(root, 'web', 'dist'), runs: 5, dbs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dist') o.dist = argv[++i];
    else if (argv[i] === '--runs') o.runs = Number(argv[++i]);
    else o.dbs.push(argv[i]);
  }
  if (!o.dbs.length || !(o.runs >= 1)) {
    console.error('usage: bench-metrics-wasm.mjs [--dist DIR] [--runs N] DB...');
    process.exit(2);
  }
  return o;
}

/* Loads the file's pages into a new page store; returns its path. */
let stores = 0;
function loadPages(m, bytes) {
  const name = `genjin-mem:bench-${++stores}`;
  const pages = new Pages(m, name);
  const size = ((bytes[16] << 8) | bytes[17]) === 1 ? 65536 : (bytes[16] << 8) | bytes[17];
  for (let p = 1; p * size <= bytes.length; p++) pages.load(p, bytes.subarray((p - 1) * size, p * size));
  pages.setCount(Math.floor(bytes.length / size));
  return { name, pages };
}

function dashboard(core) {
  const t = [];
  for (const [, [op, args]] of OPS) {
    const t0 = performance.now();
    core.call(op, args);
    t.push(performance.now() - t0);
  }
  t.push(t.reduce((a, b) => a + b, 0));
  return t;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const factory = require(path.join(o.dist, 'genjin-core.js'));
  const m = await factory({ wasmBinary: fs.readFileSync(path.join(o.dist, 'genjin-core.wasm')) });
  for (const db of o.dbs) {
    const bytes = new Uint8Array(fs.readFileSync(db));
    const cold = OPS.map(() => []).concat([[]]);
    const warm = OPS.map(() => []).concat([[]]);
    for (let r = 0; r < o.runs; r++) {
      const { name, pages } = loadPages(m, bytes);
      const core = new Core(m, name);
      dashboard(core).forEach((x, i) => cold[i].push(x));
      core.close();
      pages.drop();
    }
    const { name, pages } = loadPages(m, bytes);
    const core = new Core(m, name);
    const { counts } = core.call('db.info');
    dashboard(core); // warms it up
    for (let r = 0; r < o.runs; r++) dashboard(core).forEach((x, i) => warm[i].push(x));
    core.close();
    pages.drop();
    console.log(summary(db, 'wasm-node', o.runs, OPS.map(([label]) => label), cold, warm,
      { customers: counts.customers, events: counts.events }));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
