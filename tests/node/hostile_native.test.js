// The hostile input catalogue (tests/hostile) against the native build:
// each request goes to `genjin --db FILE call -` on standard input, and the
// database file is hashed before and after each one.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { runCatalogue } = require('../hostile/run.js');

const genjin = path.join(__dirname, '..', '..', 'build', 'genjin');

test('the hostile catalogue on the genjin CLI', () => {
  assert.ok(fs.existsSync(genjin), `${genjin} is not built (scripts/build.sh)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-hostile-'));
  const db = path.join(dir, 'hostile.db');
  try {
    const client = {
      send(bytes) {
        const r = spawnSync(genjin, ['--db', db, 'call', '-'], { input: bytes, maxBuffer: 1 << 30 });
        if (r.error) throw r.error;
        return r.stdout.toString();
      },
      hash() {
        const h = crypto.createHash('sha256');
        for (const f of [db, `${db}-wal`, `${db}-journal`]) if (fs.existsSync(f)) h.update(f).update(fs.readFileSync(f));
        return h.digest('hex');
      },
    };
    const r = runCatalogue(client);
    assert.ok(r.count > 1000 && r.accepted > 50, `only ${r.count} cases, ${r.accepted} accepted`);
    assert.deepStrictEqual(r.failures, [], `${r.failures.length} of ${r.count} cases failed`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
