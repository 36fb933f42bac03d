// The Data page in headless Chromium: file imports through the file input
// (UTF-8 with BOM, CRLF, multi-line quoted fields and Chinese headers;
// GB18030; XLSX; a bad row; cancel), CSV and JSON export downloads, and the
// .sqlite backup -> restore round trip (a corrupt file changes nothing; the
// backup opens in sql.js under node; another tab follows a restore).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { launch } = require('./chromium.js');
const { xlsx, gb18030 } = require('./data-files.js');

const root = path.join(__dirname, '..', '..');
let server;
let browser;
let base;

test.before(async () => {
  const { serve } = await import(path.join(root, 'scripts', 'serve.mjs'));
  server = await serve({ dir: path.join(root, 'web'), port: 0 });
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
test.after(async () => {
  await browser.close();
  server.close();
});

/* A fresh context (its own IndexedDB) on the Data page of database `db`. */
async function openData(db) {
  const context = await browser.newContext({ acceptDownloads: true });
  const problems = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}?db=${db}#data`);
  await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
  return { context, page, problems };
}

/* Runs fn({page, context}) on the Data page of a fresh context; the page
 * must raise no error. */
async function onDataPage(db, fn) {
  const { context, page, problems } = await openData(db);
  try {
    await fn({ page, context });
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
}

const call = (page, op, args) => page.evaluate(([o, a]) => window.genjin.call(o, a), [op, args || {}]);
const list = async (page, kind, args) => (await call(page, `${kind}.list`, { limit: 100000, sort: 'id', ...args })).items;

/* Chooses `file` ({name, buffer}) in the import form and starts it. */
async function startImport(page, file, { kind = 'customers', dryRun = false, createMissing = false } = {}) {
  await page.setInputFiles('#import-file', { mimeType: 'text/csv', ...file });
  await page.selectOption('#import-kind', kind);
  await page.setChecked('#import-dry-run', dryRun);
  await page.setChecked('#import-create-customers', createMissing);
  await page.click('#import-start');
}

/* Waits for the import to end; returns the report element's committed flag. */
async function importEnded(page) {
  await page.waitForFunction(() => !document.querySelector('#import-start').disabled
    && (document.querySelector('#import-report [data-committed]') || /失败|failed/.test(document.querySelector('#data-status').textContent)),
  null, { timeout: 120000 });
  return page.getAttribute('#import-report [data-committed]', 'data-committed').catch(() => null);
}

/* Clicks selector and returns the download it starts; fails with the
 * page's error message when the action fails instead. */
async function download(page, selector) {
  const started = page.waitForEvent('download');
  await page.click(selector);
  const failed = page.waitForSelector('#data-status.error').then(async () => {
    throw new Error(await page.textContent('#data-status'));
  });
  started.catch(() => {});
  failed.catch(() => {});
  const d = await Promise.race([started, failed]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

test('a UTF-8 CSV with BOM, CRLF, multi-line quoted fields and Chinese headers imports', () => onDataPage('imp-utf8', async ({ page }) => {
  const csv = '\uFEFF客户名称,公司,电话,邮箱,行业\r\n'
    + '张三,"北京""星辰""科技\r\n分公司",13800000001,zhang@example.com,制造\r\n'
    + '"李四, Jr.",上海商贸,13800000002,,零售\r\n'
    + '王五,"多行\n公司",13800000003,wang@example.com,\r\n';
  await startImport(page, { name: '客户.csv', buffer: Buffer.from(csv, 'utf8') });
  assert.strictEqual(await importEnded(page), 'true', await page.textContent('#data-main'));
  assert.strictEqual(await page.textContent('#import-report [data-fact="created"]'), '3');
  const reportText = await page.textContent('#import-report');
  assert.match(reportText, /utf-8/);
  assert.match(reportText, /客户名称 → name, 公司 → company/);
  assert.doesNotMatch(reportText, /\[object/);
  const rows = await list(page, 'customers');
  assert.deepStrictEqual(rows.map((c) => [c.name, c.company, c.phone, c.email, c.industry]), [
    ['张三', '北京"星辰"科技\r\n分公司', '13800000001', 'zhang@example.com', '制造'],
    ['李四, Jr.', '上海商贸', '13800000002', null, '零售'],
    ['王五', '多行\n公司', '13800000003', 'wang@example.com', null],
  ]);
  // The overview shows them, and they were saved.
  await page.click('#tab-overview');
  assert.strictEqual(await page.textContent('[data-count="customers"]'), '3');
  await call(page, 'flush');
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.strictEqual((await list(page, 'customers')).length, 3);

  // Importing the same file with ext_ids again updates instead of adding.
  await page.goto(`${base}?db=imp-utf8#data`);
  await page.waitForSelector('body[data-ready="yes"]');
  const keyed = '客户编号,客户名称\r\nK1,赵六\r\nK2,钱七\r\n';
  await startImport(page, { name: 'k.csv', buffer: Buffer.from(keyed) });
  assert.strictEqual(await importEnded(page), 'true');
  await startImport(page, { name: 'k.csv', buffer: Buffer.from(keyed.replace('赵六', '赵六六')) });
  assert.strictEqual(await importEnded(page), 'true');
  assert.strictEqual(await page.textContent('#import-report [data-fact="updated"]'), '2');
  const names = (await list(page, 'customers')).map((c) => c.name);
  assert.deepStrictEqual(names.slice(3), ['赵六六', '钱七']);
}));

test('a GB18030 CSV as saved by Chinese Excel is detected and decoded', () => onDataPage('imp-gbk', async ({ page }) => {
  const text = '客户名称,公司,行业\r\n陈一,广州贸易有限公司,批发\r\n"周二","深圳𠀋科技",软件\r\n';
  await startImport(page, { name: 'gbk.csv', buffer: gb18030(text) });
  assert.strictEqual(await importEnded(page), 'true', await page.textContent('#data-main'));
  assert.match(await page.textContent('#import-report'), /gb18030/);
  const rows = await list(page, 'customers');
  assert.deepStrictEqual(rows.map((c) => [c.name, c.company, c.industry]),
    [['陈一', '广州贸易有限公司', '批发'], ['周二', '深圳𠀋科技', '软件']]);
}));

test('an XLSX file imports its first sheet: dates from serial numbers, numbers as numbers', () => onDataPage('imp-xlsx', async ({ page }) => {
  await call(page, 'customers.create', { name: '孙八', ext_id: 'C8' });
  const file = xlsx([
    ['customer_ext_id', 'amount', 'at', 'product'],
    ['C8', 1280.5, { date: 45292 }, '年度服务'],      // 2024-01-01
    ['C8', 99, { date: 45337.75 }, 'Widget, "pro"'],  // 2024-02-15 18:00
  ]);
  await startImport(page, { name: '订单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file },
    { kind: 'orders' });
  assert.strictEqual(await importEnded(page), 'true', await page.textContent('#data-main'));
  const orders = await list(page, 'orders');
  assert.deepStrictEqual(orders.map((o) => [o.amount, o.at, o.product]), [
    [1280.5, '2024-01-01T00:00:00Z', '年度服务'],
    [99, '2024-02-15T18:00:00Z', 'Widget, "pro"'],
  ]);
}));

test('a file with one bad row imports nothing and shows that row, escaped', () => onDataPage('imp-bad', async ({ page }) => {
  await call(page, 'customers.create', { name: '已有' });
  const evil = '<img src=x onerror="window.pwned=1">';
  const csv = 'name,status,email\n甲,lead,a@example.com\n乙,"' + evil.replace(/"/g, '""') + '",b@example.com\n丙,customer,\n';
  await startImport(page, { name: 'bad.csv', buffer: Buffer.from(csv) });
  assert.strictEqual(await importEnded(page), 'false');
  assert.match(await page.textContent('#import-report'), /Nothing was imported: 1 bad row/);
  const cells = await page.$$eval('#import-errors tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.strictEqual(cells.length, 1);
  assert.deepStrictEqual(cells[0].slice(0, 3), ['2', 'status', evil]);
  assert.ok(cells[0][3].length > 0, 'a reason is given');
  assert.strictEqual(await page.$('#import-report img'), null);
  assert.strictEqual(await page.evaluate(() => window.pwned), undefined);
  const shots = path.join(root, 'build', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'data-import-errors.png'), fullPage: true });
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['已有']);

  // A dry run of a good file reports without writing.
  await startImport(page, { name: 'ok.csv', buffer: Buffer.from('name\n丁\n') }, { dryRun: true });
  assert.strictEqual(await importEnded(page), 'false');
  assert.match(await page.textContent('#import-report'), /Dry run: no errors/);
  assert.strictEqual((await list(page, 'customers')).length, 1);
}));

test('cancelling a large import midway writes nothing', () => onDataPage('imp-cancel', async ({ page }) => {
  await call(page, 'customers.create', { name: '客户', ext_id: 'C1' });
  const lines = ['customer_ext_id,at,channel,summary'];
  for (let i = 0; i < 600000; i++) lines.push(`C1,2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00,phone,call ${i}`);
  await startImport(page, { name: 'big.csv', buffer: Buffer.from(lines.join('\n')) }, { kind: 'followups' });
  await page.waitForFunction(() => Number(document.querySelector('#import-rows')?.dataset.rows) > 0, null, { timeout: 60000 });
  await page.click('#import-cancel');
  await page.waitForFunction(() => /cancelled/.test(document.querySelector('#data-status').textContent), null, { timeout: 60000 });
  assert.strictEqual(await page.$('#import-report [data-committed]'), null);
  assert.strictEqual((await call(page, 'db.info')).counts.followups, 0);
  assert.deepStrictEqual(await call(page, 'storage.check'), { report: 'ok' });
  // The database is usable afterwards.
  await call(page, 'followups.create', { customer_id: (await list(page, 'customers'))[0].id });
  assert.strictEqual((await call(page, 'db.info')).counts.followups, 1);
}));

test('CSV export has a BOM, neutralised formulas and the current filters; JSON export has everything', () => onDataPage('exp', async ({ page }) => {
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

  file = await download(page, '#export-json');
  const json = JSON.parse(file.bytes.toString('utf8'));
  assert.strictEqual(json.customers.length, 6);
}));

test('.sqlite backup (opens and is edited in sql.js) -> restore; a corrupt file changes nothing; another tab follows', () => onDataPage('restore', async ({ page, context }) => {
  for (const name of ['甲', '乙']) await call(page, 'customers.create', { name });
  await call(page, 'flush');
  const backup = await download(page, '#backup-sqlite');
  assert.match(backup.name, /\.sqlite$/);

  // The backup opens in sql.js under node with the same rows.
  const SQL = await require('sql.js')();
  const db = new SQL.Database(backup.bytes);
  assert.deepStrictEqual(db.exec('SELECT name FROM customers ORDER BY id')[0].values, [['甲'], ['乙']]);
  // Edited there, it is what gets restored below.
  db.run("UPDATE customers SET name = '乙改' WHERE name = '乙'");
  const edited = Buffer.from(db.export());
  db.close();

  await call(page, 'customers.create', { name: '丙' });
  const other = await context.newPage();
  await other.goto(`${base}?db=restore`);
  await other.waitForSelector('#storage [data-role="passive"]');
  await other.waitForFunction(() => document.querySelector('[data-count="customers"]').textContent === '3');

  // Corrupt files: not SQLite, a damaged page. The error is clear and nothing changes.
  const damaged = Buffer.from(backup.bytes);
  const pageSize = damaged.readUInt16BE(16);
  damaged.fill(0x5a, pageSize); // every page after the schema page
  const foreign = new SQL.Database();
  foreign.run('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
  const foreignBytes = Buffer.from(foreign.export());
  foreign.close();
  for (const [bad, why] of [[Buffer.from('not a database at all'.repeat(40)), /Not a SQLite database/],
    [foreignBytes, /Not a Genjin database/], [damaged, /integrity|cannot be opened|malformed/]]) {
    await page.setInputFiles('#restore-file', { name: 'bad.sqlite', mimeType: 'application/octet-stream', buffer: bad });
    await page.click('#restore-start');
    await page.waitForFunction(() => /Restore failed/.test(document.querySelector('#data-status').textContent));
    assert.match(await page.textContent('#data-status'), why);
    assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['甲', '乙', '丙']);
  }

  await page.setInputFiles('#restore-file', { name: backup.name, mimeType: 'application/vnd.sqlite3', buffer: edited });
  await page.click('#restore-start');
  await page.waitForFunction(() => /Restored/.test(document.querySelector('#data-status').textContent));
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['甲', '乙改']);
  await other.waitForFunction(() => document.querySelector('[data-count="customers"]').textContent === '2');
  assert.deepStrictEqual((await list(other, 'customers')).map((c) => c.name), ['甲', '乙改']);

  // It was persisted: a reload reads the restored database, and it still writes.
  await other.close();
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.deepStrictEqual(await call(page, 'storage.check'), { report: 'ok' });
  await call(page, 'customers.create', { name: '丁' });
  await call(page, 'flush');
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['甲', '乙改', '丁']);
}));

test('a stored database that fails its integrity check is replaced by restoring a backup', () => onDataPage('restore-bad', async ({ page }) => {
  await call(page, 'customers.create', { name: '备份里的' });
  await call(page, 'flush');
  const backup = await download(page, '#backup-sqlite');
  // Damage the stored pages behind the app's back, as a disk error would.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('genjin:restore-bad');
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
  }));
  await page.reload();
  await page.waitForSelector('#storage [data-role="corrupt"]', { timeout: 30000 });
  await page.setInputFiles('#restore-file', { name: backup.name, mimeType: 'application/vnd.sqlite3', buffer: backup.bytes });
  await page.click('#restore-start');
  await page.waitForFunction(() => /Restored/.test(document.querySelector('#data-status').textContent));
  await page.waitForSelector('#storage [data-role="owner"]');
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['备份里的']);
  await page.reload();
  await page.waitForSelector('body[data-ready="yes"]');
  assert.deepStrictEqual((await list(page, 'customers')).map((c) => c.name), ['备份里的']);
}));
