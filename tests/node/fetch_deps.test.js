// scripts/fetch-deps.sh into an empty folder (GJ_THIRD_PARTY): it fetches
// SQLite and cJSON with their pin stamps, a second run does nothing, and a
// folder whose stamp is not the current pin is fetched again (alone).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const script = path.join(__dirname, '..', '..', 'scripts', 'fetch-deps.sh');
const fetch = (dir) => execFileSync('bash', [script], { env: { ...process.env, GJ_THIRD_PARTY: dir }, encoding: 'utf8' });

test('fetch-deps: an empty folder gets stamped sources; a stale stamp is fetched again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-third-party-'));
  try {
    const first = fetch(dir);
    assert.match(first, /better-sqlite3@/);
    assert.match(first, /cjson=1\.7\.15-/);
    assert.ok(fs.statSync(path.join(dir, 'sqlite', 'sqlite3.c')).size > 1e6);
    assert.match(fs.readFileSync(path.join(dir, 'cjson', 'cJSON.h'), 'utf8'), /CJSON_VERSION_PATCH 15/);
    assert.match(fs.readFileSync(path.join(dir, 'cjson', '.pin'), 'utf8'), /^cjson 1\.7\.15 orig sha256=[0-9a-f]{64}\n$/);
    assert.strictEqual(fetch(dir), ''); // every stamp current: nothing fetched

    const sqliteBefore = fs.statSync(path.join(dir, 'sqlite', 'sqlite3.c')).ino;
    fs.writeFileSync(path.join(dir, 'cjson', '.pin'), 'cjson 1.7.14 orig sha256=0\n'); // an older pin
    fs.writeFileSync(path.join(dir, 'cjson', 'cJSON.c'), 'stale');
    const again = fetch(dir);
    assert.match(again, /cjson=1\.7\.15-/);
    assert.doesNotMatch(again, /better-sqlite3/);
    assert.ok(fs.statSync(path.join(dir, 'cjson', 'cJSON.c')).size > 10000);
    assert.strictEqual(fs.statSync(path.join(dir, 'sqlite', 'sqlite3.c')).ino, sqliteBefore);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['cjson', 'sqlite']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
