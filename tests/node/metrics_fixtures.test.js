// The hand-built metric fixtures (tests/fixtures/metrics_*.json) against the
// WASM build, as test_metrics_fixture runs them natively.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { openCore } = require('./wasm.js');
const { evaluate } = require('./arith.js');

const dir = path.join(__dirname, '..', 'fixtures');
const files = fs.readdirSync(dir).filter((f) => /^metrics_.*\.json$/.test(f)).sort();
const walk = (j, p) => p.split('.').reduce((v, k) => (v == null ? undefined : (Array.isArray(v) ? v[+k] : v[k])), j);
const close = (a, b) => (typeof a === 'number' && typeof b === 'number'
  ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : JSON.stringify(a) === JSON.stringify(b));

test('there are metric fixtures', () => assert.ok(files.length > 0));

for (const file of files) {
  test(`metric fixture ${file}`, async () => {
    const fx = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const core = await openCore();
    const raw = (req) => JSON.parse(core.callJson(JSON.stringify(req)));
    const failures = [];
    try {
      for (const st of fx.setup) {
        core.setNow(st.now || fx.now);
        const r = raw({ op: st.op, args: st.args });
        assert.ok(r.ok, `setup ${st.op}: ${JSON.stringify(r)}`);
      }
      for (const c of fx.cases) {
        const saved = raw({ op: 'settings.get' }).data;
        for (const st of c.before || []) { core.setNow(st.now || fx.now); raw({ op: st.op, args: st.args }); }
        core.setNow(c.now || fx.now);
        const r = raw(c.request);
        if (c.error) {
          if (r.ok || r.error.code !== c.error[0] || r.error.field !== c.error[1]) {
            failures.push(`${c.name}: expected error ${c.error}, got ${JSON.stringify(r)}`);
          }
        } else {
          for (const [p, want] of c.expect || []) {
            const w = typeof want === 'string' && want[0] === '=' ? evaluate(want.slice(1)) : want;
            const got = r.ok ? walk(r.data, p) : r.error;
            if (!close(got, w)) failures.push(`${c.name} ${p}: got ${JSON.stringify(got)}, want ${JSON.stringify(w)}`);
          }
        }
        for (const st of c.after || []) { core.setNow(st.now || fx.now); raw({ op: st.op, args: st.args }); }
        raw({ op: 'settings.set', args: saved });
      }
    } finally {
      core.close();
    }
    assert.deepStrictEqual(failures, []);
  });
}
