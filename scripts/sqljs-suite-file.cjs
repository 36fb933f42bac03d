// Runs one file of sql.js's own test suite the way its runner does:
// the file's exports.test(SQL, assert, done) with SQL from ../dist/sql-wasm.js
// beside the test folder (scripts/sqljs-suite.mjs puts genjin-sql.js or
// sql.js there). Exit 0 when it finishes without a failed assertion.
// Usage: node scripts/sqljs-suite-file.cjs path/to/test/test_x.js
'use strict';
const path = require('node:path');
const nodeAssert = require('node:assert');

const file = path.resolve(process.argv[2]);
const lib = path.join(path.dirname(file), '..', 'dist', 'sql-wasm.js');

/* The assert of the `test` package sql.js's suite uses: node's, except
 * that throws(fn, 'text', message) takes the text as a message, as the
 * CommonJS assert it is based on does. */
const assert = Object.assign((v, m) => nodeAssert.ok(v, m), nodeAssert, {
  throws(fn, expected, message) {
    if (typeof expected === 'string') return nodeAssert.throws(fn, message || expected);
    return nodeAssert.throws(fn, expected, message);
  },
});

const timeout = setTimeout(() => {
  console.error(`${path.basename(file)}: no done() within 30 s`);
  process.exit(1);
}, 30000);
const finish = () => {
  clearTimeout(timeout);
  process.exit(0);
};
process.on('unhandledRejection', (e) => {
  console.error(e);
  process.exit(1);
});

require(lib)().then(async (SQL) => {
  const mod = require(file);
  if (typeof mod.test !== 'function') return finish(); // a helper, not a test
  const r = mod.test(SQL, assert, finish);
  if (r && typeof r.then === 'function') await r;
  if (mod.test.length < 3) finish();
}).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
