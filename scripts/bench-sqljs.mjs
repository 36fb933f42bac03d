// genjin-sql.js against sql.js 1.16 under node, same code on both (the
// sql.js API): prepared inserts in one transaction, reading every row with
// exec, a query calling a JS function per row, export + reopen. Each
// workload runs RUNS times on a fresh database; prints min and median ms
// as a Markdown table (docs/bench.md keeps the last run).
// Usage: node scripts/bench-sqljs.mjs [rows, default 100000]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const ROWS = Number(process.argv[2]) || 100000;
const RUNS = 7;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function filled(SQL) {
  const db = new SQL.Database();
  db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount REAL, note TEXT)');
  db.run('BEGIN');
  const stmt = db.prepare('INSERT INTO t (name, amount, note) VALUES (?, ?, ?)');
  for (let i = 0; i < ROWS; i++) stmt.run([`客户 ${i}`, i * 0.5, i % 3 ? null : 'note']);
  stmt.free();
  db.run('COMMIT');
  return db;
}

const WORKLOADS = {
  [`insert ${ROWS} rows (prepared, one transaction)`]: (SQL) => {
    const t0 = performance.now();
    const db = filled(SQL);
    const ms = performance.now() - t0;
    db.close();
    return ms;
  },
  [`exec SELECT * (${ROWS} rows)`]: (SQL, db) => {
    const t0 = performance.now();
    const n = db.exec('SELECT * FROM t')[0].values.length;
    if (n !== ROWS) throw new Error(`got ${n} rows`);
    return performance.now() - t0;
  },
  [`SELECT with a JS function per row (${ROWS} calls)`]: (SQL, db) => {
    db.create_function('twice', (x) => x * 2);
    const t0 = performance.now();
    db.exec('SELECT sum(twice(amount)) FROM t');
    return performance.now() - t0;
  },
  'export + new Database(bytes) + count': (SQL, db) => {
    const t0 = performance.now();
    const copy = new SQL.Database(db.export());
    copy.exec('SELECT count(*) FROM t');
    const ms = performance.now() - t0;
    copy.close();
    return ms;
  },
};

const systems = {
  'sql.js 1.16': await require('sql.js')(),
  'genjin-sql.js': await require('../web/dist/genjin-sql.js')(),
};

console.log(`| workload | ${Object.keys(systems).join(' | ')} |`);
console.log(`| --- | ${Object.keys(systems).map(() => '---:').join(' | ')} |`);
for (const [name, run] of Object.entries(WORKLOADS)) {
  const cells = [];
  for (const SQL of Object.values(systems)) {
    const db = filled(SQL);
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(run(SQL, db));
    db.close();
    cells.push(`${median(times).toFixed(1)} (${Math.min(...times).toFixed(1)})`);
  }
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
