// Runs the metric fixtures (tests/fixtures/metrics_*.json) through the WASM
// module, as test_metrics_fixture does natively:
//   node tests/metrics/wasm_fixtures.cjs build-wasm tests/fixtures/metrics_*.json
// Exit status 0 when every expectation holds.
const fs = require('fs');
const path = require('path');
const dir = path.resolve(process.argv[2]);
const GenjinCoreModule = require(path.join(dir, 'genjin-core.js'));
GenjinCoreModule({wasmBinary: fs.readFileSync(path.join(dir, 'genjin-core.wasm'))}).then(M => {
  const call = (db, req) => {
    const s = JSON.stringify(req); const n = M.lengthBytesUTF8(s) + 1; const p = M._malloc(n);
    M.stringToUTF8(s, p, n); const r = M._gj_call(db, p); M._free(p);
    const out = M.UTF8ToString(r); M._gj_free(r); return JSON.parse(out);
  };
  let total = 0;
  for (const file of process.argv.slice(3)) total += run(M, call, file);
  process.exit(total ? 1 : 0);
});

function run(M, call, file) {
  const fx = JSON.parse(fs.readFileSync(file, 'utf8'));
  const db = M._gj_wasm_open();
  const t = s => Date.parse(s);
  const setNow = s => M._gj_set_now_ms(db, t(s || fx.now));
  let fail = 0, checks = 0;
  for (const st of fx.setup) { setNow(st.now); const r = call(db, {op: st.op, args: st.args}); if (!r.ok) { fail++; console.log('setup', JSON.stringify(r)); } }
  const walk = (j, path) => path.split('.').reduce((v, k) => v == null ? undefined : (Array.isArray(v) ? v[+k] : v[k]), j);
  const ev = e => Function('return (' + e + ')')();
  for (const c of fx.cases) {
    const saved = call(db, {op: 'settings.get'}).data;
    for (const st of c.before || []) { setNow(st.now); call(db, {op: st.op, args: st.args}); }
    setNow(c.now);
    const r = call(db, c.request);
    if (c.error) { checks++; if (r.ok || r.error.code !== c.error[0] || r.error.field !== c.error[1]) { fail++; console.log(c.name, JSON.stringify(r)); } }
    else for (const [path, want] of c.expect || []) {
      checks++;
      const got = walk(r.data, path);
      const w = typeof want === 'string' && want[0] === '=' ? ev(want.slice(1)) : want;
      if (JSON.stringify(got) !== JSON.stringify(w)) { fail++; console.log(c.name, path, 'got', JSON.stringify(got), 'want', JSON.stringify(w)); }
    }
    for (const st of c.after || []) { setNow(st.now); call(db, {op: st.op, args: st.args}); }
    call(db, {op: 'settings.set', args: saved});
  }
  console.log(file + ':', checks, 'checks,', fail, 'failed');
  M._gj_close(db);
  return fail;
}
