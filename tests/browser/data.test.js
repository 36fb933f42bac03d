// The Data page's import wizard in headless Chromium: choose a file, see its
// first rows and the suggested columns, check it (a dry run that names every
// bad row, escaped), import with progress and cancel, and land on the
// imported records. Files: UTF-8 with BOM, CRLF, multi-line quoted fields and
// Chinese headers; GB18030; XLSX; a Chinese customer sheet on an empty
// database whose owners do not exist yet; duplicate ext ids. Then CSV and
// JSON export, the .sqlite backup -> restore round trip (a corrupt file
// changes nothing; a damaged stored database is replaced), and axe and
// screenshots in both languages at both sizes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { launch } = require('./chromium.js');
const { serveWeb, openApp } = require('./webserver.js');
const { axeViolations, screenshot, freshDb, call } = require('./app.js');
const { xlsx, gb18030 } = require('./data-files.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());

const list = async (page, kind, args) => (await call(page, `${kind}.list`, { limit: 100000, sort: 'id', ...args })).items;

/* Runs fn({page, context, db}) on the Data page of a fresh database in
 * `lang`; the page must raise no error. */
async function onDataPage(fn, { lang = 'en', viewport } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: viewport || { width: 1366, height: 768 } });
  const problems = [];
  const db = freshDb('data');
  try {
    const page = await openApp(context, web.base, `${db}&lang=${lang}`, problems);
    await goData(page);
    await fn({ page, context, db });
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
}

async function goData(page) {
  await page.evaluate(() => { location.hash = '#/data'; });
  await page.waitForSelector('#import-file');
}

/* Chooses `file` ({name, buffer}) of `kind` and waits for the mapping. */
async function choose(page, file, kind = 'customers') {
  await page.selectOption('#import-kind', kind);
  await page.setInputFiles('#import-file', { mimeType: 'text/csv', ...file });
  await page.waitForSelector(`#import-mapping`);
  await page.waitForFunction((name) => document.querySelector('#import-map-step h3').textContent.includes(name), file.name);
}

/* Runs the dry run (or a re-check with `button`) and waits for its report. */
async function check(page, button = '#import-check') {
  await run(page, button);
}

/* Clicks `button` and waits until that dry run or import has ended. */
async function run(page, button) {
  const before = await page.getAttribute('#import', 'data-runs');
  await page.click(button);
  await page.waitForFunction((n) => document.querySelector('#import').dataset.runs !== n, before, { timeout: 120000 });
}

/* Imports after a clean dry run and waits for the done step. */
async function importNow(page) {
  await run(page, '#import-start');
  assert.strictEqual(await page.getAttribute('#import-report', 'data-committed'), 'true', await page.textContent('#import'));
}

/* The mapping select's target for column `header`. */
const target = (page, header) => page.$eval(`#import-mapping tr[data-header="${header}"] select`, (s) => s.value);

async function download(page, selector) {
  const started = page.waitForEvent('download');
  await page.click(selector);
  const d = await started;
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

test('a UTF-8 CSV with BOM, CRLF, multi-line fields and Chinese headers goes through the wizard', () => onDataPage(async ({ page }) => {
  const csv = '\uFEFF客户名称,公司,电话,邮箱,行业,备忘\r\n'
    + '张三,"北京""星辰""科技\r\n分公司",13800000001,zhang@example.com,制造,x\r\n'
    + '"李四, Jr.",上海商贸,13800000002,,零售,\r\n'
    + '王五,"多行\n公司",13800000003,wang@example.com,,\r\n';
  await choose(page, { name: '客户.csv', buffer: Buffer.from(csv, 'utf8') });
  assert.match(await page.textContent('#import-map-step h3'), /utf-8/);
  assert.deepStrictEqual(await page.$$eval('#import-preview thead th', (th) => th.map((x) => x.textContent)),
    ['客户名称', '公司', '电话', '邮箱', '行业', '备忘']);
  assert.strictEqual(await page.textContent('#import-preview tbody tr:nth-child(2) td'), '李四, Jr.');
  assert.deepStrictEqual([await target(page, '客户名称'), await target(page, '公司'), await target(page, '电话'), await target(page, '备忘')],
    ['name', 'company', 'phone', '']);
  await check(page);
  assert.match(await page.textContent('#import-clean'), /3 rows/);
  assert.strictEqual(await list(page, 'customers').then((r) => r.length), 0, 'the check writes nothing');
  await importNow(page);
  assert.strictEqual(await page.textContent('#import-report [data-fact="created"]'), '3');
  const rows = await list(page, 'customers');
  assert.deepStrictEqual(rows.map((c) => [c.name, c.company, c.phone, c.email, c.industry]), [
    ['张三', '北京"星辰"科技\r\n分公司', '13800000001', 'zhang@example.com', '制造'],
    ['李四, Jr.', '上海商贸', '13800000002', null, '零售'],
    ['王五', '多行\n公司', '13800000003', 'wang@example.com', null],
  ]);
  // "Show the imported records" leads to the customers page.
  assert.strictEqual(await page.getAttribute('#import-show', 'href'), '#/customers');
  await screenshot(page, 'data-done-en');

  // A column mapped by hand: 备忘 → pain points; ext ids update on a second import.
  await page.click('#import-again');
  const keyed = '客户编号,客户名称,备忘\r\nK1,赵六,要报价\r\nK2,钱七,\r\n';
  await choose(page, { name: 'k.csv', buffer: Buffer.from(keyed) });
  await page.selectOption('#import-mapping tr[data-header="备忘"] select', 'pain_points');
  await check(page);
  await importNow(page);
  await page.click('#import-again');
  await choose(page, { name: 'k2.csv', buffer: Buffer.from(keyed.replace('赵六', '赵六六')) });
  await check(page);
  await importNow(page);
  assert.strictEqual(await page.textContent('#import-report [data-fact="updated"]'), '2');
  const after = await list(page, 'customers');
  // The second file left 备忘 unmapped: the stored pain points stay.
  assert.deepStrictEqual(after.slice(3).map((c) => [c.name, c.pain_points]), [['赵六六', '要报价'], ['钱七', null]]);
  await call(page, 'flush');
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.strictEqual((await list(page, 'customers')).length, 5);
}));

test('a GB18030 CSV and an XLSX file are read in the worker, previewed and imported', () => onDataPage(async ({ page }) => {
  const text = '客户名称,公司,行业\r\n陈一,广州贸易有限公司,批发\r\n"周二","深圳𠀋科技",软件\r\n';
  await choose(page, { name: 'gbk.csv', buffer: gb18030(text) });
  assert.match(await page.textContent('#import-map-step h3'), /gb18030/);
  assert.strictEqual(await page.textContent('#import-preview tbody tr:nth-child(2) td:nth-child(2)'), '深圳𠀋科技');
  await check(page);
  await importNow(page);
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => [c.name, c.company, c.industry]),
    [['陈一', '广州贸易有限公司', '批发'], ['周二', '深圳𠀋科技', '软件']]);

  await call(page, 'customers.create', { name: '孙八', ext_id: 'C8' });
  await page.click('#import-again');
  const file = xlsx([
    ['customer_ext_id', 'amount', 'at', 'product'],
    ['C8', 1280.5, { date: 45292 }, '年度服务'],      // 2024-01-01
    ['C8', 99, { date: 45337.75 }, 'Widget, "pro"'],  // 2024-02-15 18:00
  ]);
  await choose(page, { name: '订单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file }, 'orders');
  assert.match(await page.textContent('#import-map-step h3'), /xlsx/);
  assert.strictEqual(await target(page, 'customer_ext_id'), 'customer_ext_id');
  await check(page);
  await importNow(page);
  const orders = await list(page, 'orders');
  assert.deepStrictEqual(orders.map((o) => [o.amount, o.at.slice(0, 10), o.product]),
    [[1280.5, '2024-01-01', '年度服务'], [99, '2024-02-15', 'Widget, "pro"']]);
}));

test('custom fields are import targets: a column named by the label maps to it, another is mapped by hand', () => onDataPage(async ({ page }) => {
  await call(page, 'customfields.create', { entity: 'customers', key: 'level', label: '客户级别', type: 'select', options: ['金牌', '银牌'] });
  await call(page, 'customfields.create', { entity: 'customers', key: 'visits', label: 'Visits', type: 'number' });
  await page.reload();
  await page.waitForSelector('#import-file');
  await choose(page, { name: 'cf.csv', buffer: Buffer.from('客户名称,客户级别,来访\n甲,金牌,3\n乙,银牌,\n') });
  assert.strictEqual(await target(page, '客户级别'), 'custom.level');
  assert.strictEqual(await target(page, '来访'), '');
  const labels = await page.$$eval('#import-mapping tr[data-header="来访"] option', (os) => os.map((o) => o.textContent));
  assert.ok(labels.includes('Visits') && labels.includes('客户级别'), labels.join());
  await page.selectOption('#import-mapping tr[data-header="来访"] select', 'custom.visits');
  await check(page);
  await importNow(page);
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => [c.name, c.custom]),
    [['甲', { level: '金牌', visits: 3 }], ['乙', { level: '银牌' }]]);
}));

test('a file with a bad row imports nothing and shows that row, escaped', () => onDataPage(async ({ page }) => {
  await call(page, 'customers.create', { name: '已有' });
  const evil = '<img src=x onerror="window.pwned=1">';
  const csv = `name,status,email\n甲,lead,a@example.com\n乙,"${evil.replace(/"/g, '""')}",b@example.com\n丙,customer,\n`;
  await choose(page, { name: 'bad.csv', buffer: Buffer.from(csv) });
  assert.strictEqual(await page.$('#import-preview img'), null);
  await check(page);
  assert.strictEqual(await page.getAttribute('#import-report', 'data-errors'), '1');
  assert.ok(await page.$('#import-dirty'));
  assert.strictEqual(await page.$('#import-start'), null, 'no import while rows are bad');
  const cells = await page.$$eval('#import-errors tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.strictEqual(cells.length, 1);
  assert.deepStrictEqual(cells[0].slice(0, 3), ['2', 'status', evil]);
  assert.ok(cells[0][3].length > 0, 'a reason is given');
  assert.strictEqual(await page.$('#import img'), null);
  assert.strictEqual(await page.evaluate(() => window.pwned), undefined);
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['已有']);
  await screenshot(page, 'data-import-errors-en');
  // An XLSX file that is no workbook: the error in one language.
  await page.setInputFiles('#import-file', { name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not really a zip') });
  await page.waitForSelector('#data-status.error');
  assert.match(await page.textContent('#data-status'), /The file cannot be read: The XLSX file cannot be read/);
  assert.doesNotMatch(await page.textContent('#data-status'), /[\u4e00-\u9fff]/);
}));

test('cancelling a large import midway writes nothing', () => onDataPage(async ({ page }) => {
  await call(page, 'customers.create', { name: '客户', ext_id: 'C1' });
  const lines = ['customer_ext_id,at,channel,summary'];
  for (let i = 0; i < 400000; i++) lines.push(`C1,2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00,phone,call ${i}`);
  await choose(page, { name: 'big.csv', buffer: Buffer.from(lines.join('\n')) }, 'followups');
  await check(page);
  await page.click('#import-start');
  await page.waitForFunction(() => Number(document.querySelector('#import-rows')?.dataset.rows) > 0, null, { timeout: 60000 });
  await page.click('#import-cancel');
  await page.waitForSelector('#data-status.error', { timeout: 60000 });
  assert.match(await page.textContent('#data-status'), /cancelled/);
  assert.strictEqual((await call(page, 'db.info')).counts.followups, 0);
  assert.deepStrictEqual(await call(page, 'storage.check'), { report: 'ok' });
  await call(page, 'followups.create', { customer_id: (await list(page, 'customers'))[0].id });
  assert.strictEqual((await call(page, 'db.info')).counts.followups, 1);
}));

test('a Chinese customer sheet on an empty database creates the missing reps; duplicate ext ids need a choice', () => onDataPage(async ({ page }) => {
  assert.strictEqual((await call(page, 'db.info')).counts.reps, 0);
  const csv = '\uFEFF客户编号,客户名称,负责人,电话,等级\r\nK1,北京星辰科技,王芳,13800000001,A\r\nK2,上海商贸,李雷,13800000002,B\r\n'
    + 'K3,广州贸易,王芳,13800000003,C\r\n';
  await choose(page, { name: '客户名单.csv', buffer: Buffer.from(csv) });
  assert.strictEqual(await target(page, '负责人'), 'owner');
  await check(page);
  const bad = await page.$$eval('#import-errors tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[2].textContent]));
  assert.deepStrictEqual(bad, [['1', '负责人', '王芳'], ['2', '负责人', '李雷'], ['3', '负责人', '王芳']]);
  await page.check('#import-create-reps');
  await check(page, '#import-recheck');
  const status = await page.textContent('#data-status');
  if (/create_missing_reps/.test(status)) {
    test.skip('this core has no import option create_missing_reps yet');
    return;
  }
  await page.waitForSelector('#import-clean');
  await importNow(page);
  assert.strictEqual(await page.textContent('#import-report [data-fact="reps_created"]'), '2');
  const reps = await list(page, 'reps');
  assert.deepStrictEqual(reps.map((r) => r.name).sort(), ['李雷', '王芳']);
  const byId = new Map(reps.map((r) => [r.id, r.name]));
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => [c.ext_id, c.name, byId.get(c.owner_id), c.tier]),
    [['K1', '北京星辰科技', '王芳', 'A'], ['K2', '上海商贸', '李雷', 'B'], ['K3', '广州贸易', '王芳', 'C']]);
  await page.click('#import-show');
  await page.waitForFunction(() => location.hash === '#/customers');

  // Two rows with the same ext id: refused, naming the row, unless the later row wins.
  await goData(page);
  await choose(page, { name: 'dup.csv', buffer: Buffer.from('客户编号,客户名称\r\nK9,甲\r\nK9,乙\r\n') });
  await check(page);
  if (!(await page.$('#import-duplicates'))) {
    test.skip('this core does not report duplicate rows yet (duplicates option)');
    return;
  }
  assert.match(await page.textContent('#import-errors tbody'), /K9/);
  await page.check('#dup-later');
  await check(page, '#import-recheck');
  await importNow(page);
  assert.deepStrictEqual((await list(page, 'customers', { filter: { ext_id: 'K9' } })).map((c) => c.name), ['乙']);
}));

test('CSV export has a BOM, neutralised formulas and the search; JSON export has everything', () => onDataPage(async ({ page }) => {
  for (const name of ['=SUM(A1:A2)', '+86 北京', '-1', '@cmd', '张三', '张四']) await call(page, 'customers.create', { name });
  let file = await download(page, '#export-csv');
  assert.match(file.name, /customers.*\.csv$/);
  assert.deepStrictEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = file.bytes.toString('utf8').slice(1);
  for (const name of ['=SUM(A1:A2)', '+86 北京', '-1', '@cmd']) {
    assert.ok(text.includes(`'${name}`), `${name} is neutralised in:\n${text}`);
    assert.ok(!new RegExp(`(^|,)"?${name.replace(/[+()]/g, '\\$&')}`, 'm').test(text), `${name} starts a cell`);
  }
  await page.fill('#export-q', '张');
  file = await download(page, '#export-csv');
  const rows = file.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
  assert.strictEqual(rows.length, 3, rows.join('\n'));
  assert.ok(rows[1].includes('张三') && rows[2].includes('张四'));
  // A list's filter passed in the address is followed (and can be dropped).
  await page.evaluate(() => { location.hash = `#/data?kind=customers&filter=${encodeURIComponent(JSON.stringify({ name: '张四' }))}`; });
  await page.waitForSelector('#export-filter');
  file = await download(page, '#export-csv');
  const filtered = file.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
  assert.strictEqual(filtered.length, 2, filtered.join('\n'));
  assert.ok(filtered[1].includes('张四'));
  file = await download(page, '#export-json');
  assert.strictEqual(JSON.parse(file.bytes.toString('utf8')).customers.length, 6);
}));

/* Restores `buffer` through the Restore panel; resolves to its status text. */
async function restore(page, buffer) {
  await page.setInputFiles('#restore-file', { name: 'backup.sqlite', mimeType: 'application/vnd.sqlite3', buffer });
  await page.click('#restore-start');
  await page.click('#restore-confirm');
  await page.waitForSelector('#restore-status.ok, #restore-status.error', { timeout: 30000 });
  return page.textContent('#restore-status');
}

test('.sqlite backup (opens in sql.js) -> restore; a corrupt file changes nothing; another tab follows', () => onDataPage(async ({ page, context, db }) => {
  for (const name of ['甲', '乙']) await call(page, 'customers.create', { name });
  await call(page, 'flush');
  const backup = await download(page, '#keeping-backup');
  assert.match(backup.name, /\.sqlite$/);
  await page.waitForFunction(() => document.querySelector('#keeping-last').dataset.last !== '');
  const SQL = await require('sql.js')();
  const sdb = new SQL.Database(backup.bytes);
  assert.deepStrictEqual(sdb.exec('SELECT name FROM customers ORDER BY id')[0].values, [['甲'], ['乙']]);
  sdb.run("UPDATE customers SET name = '乙改' WHERE name = '乙'");
  const edited = Buffer.from(sdb.export());
  sdb.close();

  await call(page, 'customers.create', { name: '丙' });
  const other = await context.newPage();
  await other.goto(`${web.base}?db=${db}&lang=en`);
  await other.waitForSelector('#storage[data-role="passive"]');
  // The read-only tab cannot save settings or import.
  await other.evaluate(() => { location.hash = '#/settings'; });
  await other.waitForSelector('#set-cadence-save');
  assert.strictEqual(await other.isDisabled('#set-cadence-save'), true);
  await other.evaluate(() => { location.hash = '#/data'; });
  await other.waitForSelector('#import-file');
  assert.strictEqual(await other.isDisabled('#import-file'), true);
  await other.setInputFiles('#restore-file', { name: 'b.sqlite', mimeType: 'application/vnd.sqlite3', buffer: backup.bytes });
  assert.strictEqual(await other.isDisabled('#restore-start'), true);

  // Corrupt files: not SQLite, SQLite but not Genjin, damaged pages. The
  // error says which, in English only, and nothing changes.
  const damaged = Buffer.from(backup.bytes);
  damaged.fill(0x5a, damaged.readUInt16BE(16));
  const foreign = new SQL.Database();
  foreign.run('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
  const foreignBytes = Buffer.from(foreign.export());
  foreign.close();
  for (const [bad, why] of [[Buffer.from('not a database at all'.repeat(40)), /not a SQLite database file/],
    [foreignBytes, /not a Genjin database/], [damaged, /integrity check|cannot be opened/]]) {
    const text = await restore(page, bad);
    assert.match(text, /Restore failed, nothing changed/);
    assert.match(text, why);
    assert.doesNotMatch(text, /[\u4e00-\u9fff]/, 'one language on screen');
    assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['甲', '乙', '丙']);
  }
  assert.match(await restore(page, edited), /Restored: 2 customers/);
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['甲', '乙改']);
  await other.waitForFunction(() => window.genjin.call('customers.list', {}).then((r) => r.total === 2));
  await other.close();
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['甲', '乙改']);
}));

test('a stored database that fails its integrity check is replaced by restoring a backup', () => onDataPage(async ({ page, db }) => {
  await call(page, 'customers.create', { name: '备份里的' });
  await call(page, 'flush');
  const backup = await download(page, '#keeping-backup');
  await page.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open(`genjin:${name}`);
    open.onsuccess = () => {
      const tx = open.result.transaction('pages', 'readwrite');
      tx.objectStore('pages').openCursor(IDBKeyRange.lowerBound(2)).onsuccess = (e) => {
        const cursor = e.target.result;
        if (!cursor) return;
        cursor.update(new Uint8Array(cursor.value.byteLength).fill(0x5a).buffer);
        cursor.continue();
      };
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), db);
  await page.reload();
  await page.waitForSelector('#storage[data-role="corrupt"]', { timeout: 30000 });
  // The app cannot start on it, but offers the restore; once restored it starts.
  await page.setInputFiles('#restore-file', { name: 'backup.sqlite', mimeType: 'application/vnd.sqlite3', buffer: backup.bytes });
  await page.click('#restore-start');
  await page.click('#restore-confirm');
  await page.waitForSelector('.notice.ok', { timeout: 30000 });
  assert.match(await page.textContent('.notice.ok'), /Restored: 1 customers/);
  await page.waitForSelector('#storage[data-role="owner"]');
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['备份里的']);
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['备份里的']);
}));

for (const lang of ['zh-CN', 'en']) {
  for (const [size, viewport] of [['1366', { width: 1366, height: 768 }], ['390', { width: 390, height: 844 }]]) {
    test(`the Data page passes axe and is screenshot in ${lang} at ${size} px`, () => onDataPage(async ({ page }) => {
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `data-${lang}-${size}`);
      const csv = '客户名称,负责人,电话,状态\r\n张三,王芳,13800000001,lead\r\n李四,,13800000002,bad\r\n';
      await choose(page, { name: '客户.csv', buffer: Buffer.from(csv) });
      await check(page);
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `data-check-${lang}-${size}`);
    }, { lang, viewport }));
  }
}
