// The error reasons are one vocabulary: every reason key the C core sets
// is documented in docs/api.md ("Reasons"), every documented reason has an
// English and a Chinese message (web/app/i18n/*/common.js), and errorText
// fills them from the params with the catalogue's field and choice labels.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function cFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return cFiles(p);
    return d.name.endsWith('.c') ? [p] : [];
  });
}

/* The arguments of each call of `fn` in src (top-level commas, strings
 * and nested parentheses respected). */
function callArgs(src, fn) {
  const calls = [];
  let at = 0;
  while ((at = src.indexOf(`${fn}(`, at)) >= 0) {
    let i = at + fn.length + 1, depth = 0, cur = '';
    const args = [];
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === '"') {
        let j = i + 1;
        while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
        cur += src.slice(i, j + 1);
        i = j;
        continue;
      }
      if (c === '(') depth++;
      if (c === ')' && depth-- === 0) break;
      if (c === ',' && depth === 0) { args.push(cur.trim()); cur = ''; continue; }
      cur += c;
    }
    args.push(cur.trim());
    calls.push(args);
    at = i;
  }
  return calls;
}

/* Every reason literal the core can set. */
function coreReasons() {
  const found = new Set();
  const literals = (arg) => (arg.match(/"([a-z][a-z_]*)"/g) || []).map((s) => s.slice(1, -1));
  for (const file of cFiles(path.join(root, 'src'))) {
    const src = fs.readFileSync(file, 'utf8');
    for (const args of callArgs(src, 'gj_db_fail_reason')) literals(args[3] || '').forEach((r) => found.add(r));
    for (const fn of ['gj_import_cell_error_r', 'gj_import_add_error_r']) {
      for (const args of callArgs(src, fn)) literals(args[4] || '').forEach((r) => found.add(r));
    }
    // a reason chosen before the call (custom field values)
    for (const m of src.matchAll(/\breason = "([a-z][a-z_]*)"/g)) found.add(m[1]);
  }
  return found;
}

function documentedReasons() {
  const md = fs.readFileSync(path.join(root, 'docs', 'api.md'), 'utf8');
  const section = md.slice(md.indexOf('## Reasons'), md.indexOf('## Ops'));
  const names = new Set();
  for (const line of section.split('\n')) {
    const cell = line.match(/^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|/);
    if (cell) cell[1].match(/[a-z_]+/g).forEach((r) => names.add(r));
  }
  return names;
}

test('every reason the core sets is documented, and every documented one is set', () => {
  const core = coreReasons();
  const docs = documentedReasons();
  assert.ok(core.size > 30, `found only ${core.size} reasons in src`);
  assert.deepStrictEqual([...core].filter((r) => !docs.has(r)).sort(), [], 'set by the core but not in docs/api.md');
  assert.deepStrictEqual([...docs].filter((r) => !core.has(r)).sort(), [], 'documented but never set');
});

async function catalogue(locale) {
  return (await import(path.join(root, 'web', 'app', 'i18n', locale, 'common.js'))).default;
}

test('every documented reason has an English and a Chinese message', async () => {
  for (const locale of ['en', 'zh-CN']) {
    const cat = await catalogue(locale);
    const missing = [...documentedReasons()].filter((r) => !cat[`error.${r}`]);
    assert.deepStrictEqual(missing, [], `${locale} lacks messages`);
  }
});

test('errorText fills a reason\'s message from its params in either language', async () => {
  const store = new Map();
  globalThis.location = { search: '?lang=en' };
  globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  globalThis.navigator = { language: 'en' };
  globalThis.document = { documentElement: {} };
  const i18n = await import(path.join(root, 'web', 'app', 'i18n', 'index.js'));
  const choice = { reason: 'not_in_choices', params: { field: 'tier', value: 'Z', choices: 'A, B, C' } };
  const order = { reason: 'time_order', params: { field: 'next_due_at', other: 'at', value: 'x', other_value: 'y' } };
  const type = { reason: 'wrong_type', params: { field: 'phone', expected: 'text', value: 138 } };
  const plain = { code: 'invalid', message: 'something the catalogue has no words for' };
  assert.strictEqual(i18n.errorText(type, 'customers'), 'Phone must be text');
  assert.strictEqual(i18n.errorText(plain), plain.message);
  i18n.setLocale('zh-CN');
  assert.strictEqual(i18n.errorText(choice, 'customers'), '等级只能是：A 级、B 级、C 级');
  assert.strictEqual(i18n.errorText(order, 'followups'), '下次跟进不能早于跟进时间');
  assert.strictEqual(i18n.errorText({ reason: 'required', params: { field: 'name' } }, 'customers'), '客户名称不能为空');
});

/* Team sync's reasons are set by the page's modules, not by the core: every
 * one they throw is in docs/api.md's "Team sync reasons" table and both
 * catalogues, and every one documented there is thrown. */
function syncReasonsThrown() {
  const files = [...fs.readdirSync(path.join(root, 'web', 'sync')).map((f) => path.join(root, 'web', 'sync', f)),
    path.join(root, 'web', 'worker', 'sync.js')];
  const found = new Set();
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:refused|ioError|SyncError)\((?:'[a-z]+', )?'(sync_[a-z_]+)'/g)) found.add(m[1]);
  }
  return found;
}

test('every team sync reason is documented and has an English and a Chinese message', async () => {
  const md = fs.readFileSync(path.join(root, 'docs', 'api.md'), 'utf8');
  const section = md.slice(md.indexOf('#### Team sync reasons'));
  const docs = new Set([...section.matchAll(/^\| `(sync_[a-z_]+)` \|/gm)].map((m) => m[1]));
  const thrown = syncReasonsThrown();
  assert.ok(thrown.size >= 15, `found only ${thrown.size}`);
  assert.deepStrictEqual([...thrown].filter((r) => !docs.has(r)).sort(), [], 'thrown but not documented');
  assert.deepStrictEqual([...docs].filter((r) => !thrown.has(r)).sort(), [], 'documented but never thrown');
  for (const locale of ['en', 'zh-CN']) {
    const cat = (await import(path.join(root, 'web', 'app', 'i18n', locale, 'sync.js'))).default;
    assert.deepStrictEqual([...docs].filter((r) => !cat[`error.${r}`]), [], `${locale} lacks messages`);
  }
});
