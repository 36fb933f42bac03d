// The message catalogues: every key of a page's file exists in both
// languages, so no string falls back to the other language on screen.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', '..', 'web', 'app', 'i18n');

test('zh-CN and en catalogues have the same keys, file by file', async () => {
  const files = fs.readdirSync(path.join(dir, 'en')).filter((f) => f.endsWith('.js') && f !== 'index.js');
  assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'zh-CN')).filter((f) => f.endsWith('.js') && f !== 'index.js').sort(), files.sort());
  for (const f of files) {
    const [en, zh] = await Promise.all(['en', 'zh-CN'].map((l) => import(path.join(dir, l, f)).then((m) => m.default)));
    const missing = (a, b) => Object.keys(a).filter((k) => !(k in b));
    assert.deepStrictEqual(missing(en, zh), [], `${f}: keys only in en`);
    assert.deepStrictEqual(missing(zh, en), [], `${f}: keys only in zh-CN`);
    for (const [k, v] of Object.entries(en)) assert.ok(typeof v === 'string' && v && zh[k], `${f}: ${k} is empty`);
  }
});
