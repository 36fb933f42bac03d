// The hostile input catalogue (tests/hostile) against the WASM build: each
// request's bytes go into the module's heap as they are (invalid UTF-8
// included), and the database (a page store, the browser's layout) is
// hashed before and after each one.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { Core, Pages } = require('../../web/engine/core.js');
const { runCatalogue } = require('../hostile/run.js');

const dist = path.join(__dirname, '..', '..', 'web', 'dist');

test('the hostile catalogue on the WASM build', async () => {
  const factory = require(path.join(dist, 'genjin-core.js'));
  const m = await factory({ wasmBinary: fs.readFileSync(path.join(dist, 'genjin-core.wasm')) });
  const pages = new Pages(m, 'genjin-mem:hostile');
  const core = new Core(m, 'genjin-mem:hostile');
  const client = {
    send(bytes) {
      const req = m._malloc(bytes.length + 1);
      assert.ok(req, `no heap for a request of ${bytes.length} bytes`);
      m.HEAPU8.set(bytes, req);
      m.HEAPU8[req + bytes.length] = 0;
      const resp = m._gj_call(core.db, req);
      m._free(req);
      assert.ok(resp, 'gj_call returned NULL');
      const text = m.UTF8ToString(resp);
      m._gj_free(resp);
      return text;
    },
    hash: () => crypto.createHash('sha256').update(pages.bytes()).digest('hex'),
  };
  try {
    const r = runCatalogue(client);
    assert.ok(r.count > 1000 && r.accepted > 50, `only ${r.count} cases, ${r.accepted} accepted`);
    assert.deepStrictEqual(r.failures, [], `${r.failures.length} of ${r.count} cases failed`);
  } finally {
    core.close();
    pages.drop();
  }
});
