// Runs every tests/api/*.json case file against the WASM build: the same
// cases the native runner (test_api_cases) runs against the C build.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { openCore } = require('./wasm.js');
const { mismatch } = require('./match.js');

const dir = path.join(__dirname, '..', 'api');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are API case files', () => {
  assert.ok(files.length > 0, 'no case files in tests/api');
});

for (const file of files) {
  test(`api case ${file}`, async () => {
    const spec = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const core = await openCore();
    try {
      if (spec.now) core.setNow(spec.now);
      spec.steps.forEach((step, i) => {
        const response = JSON.parse(core.callJson(JSON.stringify(step.req)));
        const m = mismatch(step.expect, response, 'response');
        assert.strictEqual(m, null, `${file} step ${i} (${step.req.op}): ${m}\n${JSON.stringify(response)}`);
      });
    } finally {
      core.close();
    }
  });
}
