// Runs sql.js's own test suite (the test/ folder of a sql.js source
// checkout; the npm package does not ship it) on genjin-sql.js, and on
// sql.js's npm build beside it to tell the suite's own needs (fixtures,
// packages) from Genjin's gaps. Each test_*.js runs in a process of its
// own (scripts/sqljs-suite-file.cjs) against a copy of the suite whose
// ../dist/ holds the library under sql.js's file names.
// Usage: node scripts/sqljs-suite.mjs [path/to/sql.js/test] (default:
// $SQLJS_SUITE). Needs web/dist/genjin-sql.js (scripts/build.sh).
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const suite = process.argv[2] || process.env.SQLJS_SUITE;
if (!suite) {
  console.error('usage: node scripts/sqljs-suite.mjs path/to/sql.js/test (a sql.js source checkout)');
  process.exit(2);
}
const dist = join(root, 'web', 'dist');
const sqljsDist = dirname(createRequire(import.meta.url).resolve('sql.js'));

/* The library under each of sql.js's build names the suite may load. */
const targets = {
  'genjin-sql.js': (out) => {
    for (const name of ['sql-wasm.js', 'sql-wasm-debug.js', 'sql-asm.js', 'sql-wasm-browser.js']) {
      copyFileSync(join(dist, 'genjin-sql.js'), join(out, name));
    }
    for (const name of ['worker.sql-wasm.js', 'worker.sql-wasm-debug.js', 'worker.sql-asm.js']) {
      copyFileSync(join(dist, 'worker.genjin-sql.js'), join(out, name));
    }
    copyFileSync(join(dist, 'genjin-core.wasm'), join(out, 'genjin-core.wasm'));
  },
  'sql.js': (out) => cpSync(sqljsDist, out, { recursive: true }),
};

const files = readdirSync(suite).filter((f) => /^test_.+\.js$/.test(f)).sort();
const results = {};
for (const [name, install] of Object.entries(targets)) {
  const dir = mkdtempSync(join(tmpdir(), 'sqljs-suite-'));
  try {
    cpSync(suite, join(dir, 'test'), { recursive: true });
    mkdirSync(join(dir, 'dist'));
    install(join(dir, 'dist'));
    results[name] = files.map((f) => {
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'sqljs-suite-file.cjs'), join(dir, 'test', f)],
        { encoding: 'utf8', timeout: 60000, cwd: join(dir, 'test') });
      const why = `${r.stderr || ''}`.split('\n').find((l) => /Error|error|fail/.test(l)) || '';
      return { ok: r.status === 0, why: why.trim().slice(0, 140) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (let i = 0; i < files.length; i++) {
  const g = results['genjin-sql.js'][i];
  const s = results['sql.js'][i];
  console.log(`${g.ok ? 'pass' : 'FAIL'}  ${s.ok ? 'pass' : 'FAIL'}  ${files[i]}${g.ok ? '' : `  ${g.why}`}`);
}
const count = (name) => results[name].filter((r) => r.ok).length;
const sqljsVersion = JSON.parse(readFileSync(join(sqljsDist, '..', 'package.json'), 'utf8')).version;
console.log(`(columns: genjin-sql.js, sql.js ${sqljsVersion})`);
console.log(`genjin-sql.js: ${count('genjin-sql.js')} of ${files.length} files pass; sql.js: ${count('sql.js')} of ${files.length}`);
