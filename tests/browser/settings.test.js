// The Settings page in headless Chromium: a tier cadence and pipeline
// stages changed there take effect (names, order, a stage still in use
// refused with the core's reason), a bad value is named beside its field,
// reps are added and deactivated, a custom field appears in the forms,
// the language switches, the keeping-the-data panel shows the backup,
// and axe finds nothing serious in either language at either size.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch } = require('./chromium.js');
const { serveWeb } = require('./webserver.js');
const { axeViolations, screenshot, openFresh, loadDemo, call } = require('./app.js');

const web = serveWeb();
let browser;
test.before(async () => { browser = await launch(); });
test.after(() => browser.close());


/* A fresh database on #/settings in `lang`; fn({page}) must raise no page error. */
async function onSettings(lang, fn, { demo = false, viewport } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: viewport || { width: 1366, height: 768 } });
  const problems = [];
  try {
    const { page } = await openFresh(context, web.base, 'settings', problems, `lang=${lang}`);
    if (demo) {
      await loadDemo(page, 30);
      await page.reload();
      await page.waitForSelector('body[data-ready="yes"]');
    }
    await page.evaluate(() => { location.hash = '#/settings'; });
    await page.waitForSelector('#set-pipeline');
    await fn({ page });
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
}

/* Clicks a section's Save button and waits for its "Saved" or its error. */
async function save(page, section) {
  await page.click(`#${section}-save`);
  await page.waitForSelector(`#${section} .saved-note, #${section} [role="alert"]`);
}

test('a tier cadence and pipeline stages changed in Settings take effect; bad values are refused beside the field', () => onSettings('en', async ({ page }) => {
  await page.fill('#set-cadence-cadence_a_days', '9');
  await save(page, 'set-cadence');
  assert.strictEqual((await call(page, 'settings.get')).cadence_a_days, 9);

  await page.fill('#set-cadence-cadence_b_days', '0');
  await save(page, 'set-cadence');
  const err = await page.textContent('#set-cadence .field-error');
  assert.match(err, /cadence_b_days|Tier B/);
  assert.strictEqual(await page.getAttribute('#set-cadence-cadence_b_days', 'aria-invalid'), 'true');
  assert.strictEqual((await call(page, 'settings.get')).cadence_b_days, 14, 'nothing written');

  // Rename the second stage, move the third up, add a fifth with its deadline.
  assert.strictEqual(await page.inputValue('#stage-name-1'), 'Needs');
  await page.fill('#stage-name-1', '方案沟通');
  await page.click('#stage-up-2');
  // The focus follows the moved stage, so the keyboard can move it again.
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'stage-up-1');
  await page.click('#stage-add');
  await page.fill('#stage-name-4', 'Signed <b>x</b>');
  await page.fill('#stage-days-4', '12');
  await save(page, 'set-pipeline');
  const stages = (await call(page, 'settings.get')).pipeline;
  assert.deepStrictEqual(stages, [
    { name: 'first_contact', deadline_days: 0 }, { name: 'proposal', deadline_days: 5 },
    { name: '方案沟通', deadline_days: 3 }, { name: 'contract', deadline_days: 7 }, { name: 'Signed <b>x</b>', deadline_days: 12 },
  ]);
  // The deal form's stage choices come from schema.describe.
  assert.deepStrictEqual((await call(page, 'schema.describe')).pipeline.map((s) => s.name),
    ['first_contact', 'proposal', '方案沟通', 'contract', 'Signed <b>x</b>']);
  await page.reload();
  await page.waitForSelector('#set-pipeline');
  assert.strictEqual(await page.inputValue('#stage-name-2'), '方案沟通');
  assert.strictEqual(await page.inputValue('#stage-name-1'), 'Proposal');

  // A stage a deal is in cannot be removed: the core's reason is shown and nothing changes.
  const c = await call(page, 'customers.create', { name: '甲' });
  await call(page, 'deals.create', { customer_id: c.id, title: 'T' });
  await page.reload();
  await page.waitForSelector('#set-pipeline');
  await page.click('#stage-remove-0');
  await page.click('#set-pipeline-save');
  await page.waitForSelector('#set-pipeline-error');
  assert.match(await page.textContent('#set-pipeline-error'), /deal|first_contact|First contact/);
  assert.strictEqual((await call(page, 'settings.get')).pipeline.length, 5);

  // The new stage name is shown on the pipeline page once that page draws stages.
  await page.evaluate(() => { location.hash = '#/pipeline'; });
  await page.waitForSelector('#main h1');
  const board = await page.textContent('#main');
  if (/Proposal|First contact/.test(board)) assert.match(board, /方案沟通/);
}));

test('reps are added, edited and deactivated; a custom field appears in the forms', () => onSettings('zh-CN', async ({ page }) => {
  await page.click('#rep-add');
  await page.waitForSelector('#rep-dialog');
  await page.click('#rep-dialog button[type="submit"]');
  await page.waitForSelector('#rep-dialog .field-error');
  assert.match(await page.textContent('#rep-dialog .field-error'), /姓名|name/);
  await page.fill('#rep-name', '赵敏');
  await page.fill('#rep-team', '华东组');
  await page.fill('#rep-goal_won_amount', '50000');
  await page.click('#rep-dialog button[type="submit"]');
  await page.waitForSelector('#reps-table tr[data-rep]');
  let reps = (await call(page, 'reps.list')).items;
  assert.deepStrictEqual(reps.map((r) => [r.name, r.team, r.goal_won_amount, r.active]), [['赵敏', '华东组', 50000, true]]);
  await page.click(`#reps-table tr[data-rep="${reps[0].id}"] button:nth-child(2)`);
  await page.waitForSelector(`#reps-table tr[data-rep="${reps[0].id}"].inactive`);
  reps = (await call(page, 'reps.list')).items;
  assert.strictEqual(reps[0].active, false);

  // A select field for customers, with options one per line.
  await page.click('#cf-add');
  await page.fill('#cf-label', '客户级别');
  await page.fill('#cf-key', 'Bad Key');
  await page.selectOption('#cf-type', 'select');
  await page.fill('#cf-options', '金牌\n银牌\n\n铜牌');
  await page.click('#cf-save');
  await page.waitForSelector('#cf-dialog [role="alert"]');
  await page.fill('#cf-key', 'level');
  await page.click('#cf-save');
  await page.waitForSelector('#cf-table tr[data-cf="level"]');
  const defs = (await call(page, 'customfields.list')).items;
  assert.deepStrictEqual(defs.map((d) => [d.entity, d.key, d.label, d.type, d.options]),
    [['customers', 'level', '客户级别', 'select', ['金牌', '银牌', '铜牌']]]);
  const custom = (await call(page, 'schema.describe')).entities.customers.custom;
  assert.deepStrictEqual(custom.map((d) => d.key), ['level']);

  // The new-customer form (RecordForm expands "custom") shows it, when the customers page has its form.
  await page.evaluate(() => { location.hash = '#/customers'; });
  await page.waitForSelector('#main h1');
  const newButton = await page.$('#new-customer-open');
  if (newButton) {
    await newButton.click();
    await page.waitForSelector('label:has-text("客户级别")');
    const options = await page.$$eval('select[name="custom.level"] option', (os) => os.map((o) => o.textContent));
    assert.deepStrictEqual(options.filter((o) => o !== '—'), ['金牌', '银牌', '铜牌']);
  }
}));

test('the language switches in Settings; the keeping-the-data panel shows size and the last backup', () => onSettings('zh-CN', async ({ page }) => {
  assert.strictEqual(await page.textContent('#nav-settings'), '设置');
  await page.selectOption('#set-language-select', 'en');
  await page.click('#set-language-save');
  await page.waitForFunction(() => document.querySelector('#nav-settings').textContent === 'Settings');
  assert.strictEqual(await page.textContent('#nav-data'), 'Data');
  assert.strictEqual(await page.getAttribute('html', 'lang'), 'en');
  assert.strictEqual(await page.textContent('#set-pipeline-title'), 'Pipeline stages');

  assert.match(await page.textContent('#keeping-size'), /\d+ KB/);
  assert.strictEqual(await page.textContent('#keeping-last'), 'Never');
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  await page.waitForSelector(`#keeping-persisted[data-persisted="${persisted}"]`);
  assert.strictEqual(!!(await page.$('#keeping-reminder')), !persisted);
  const download = page.waitForEvent('download');
  await page.click('#keeping-backup');
  assert.match((await download).suggestedFilename(), /\.sqlite$/);
  await page.waitForFunction(() => document.querySelector('#keeping-last').dataset.last !== '');
  assert.notStrictEqual(await page.textContent('#keeping-last'), 'Never');
}));

test('demo data can be removed from Settings after a confirmation', () => onSettings('en', async ({ page }) => {
  const info = await call(page, 'db.info');
  if (!('demo' in info)) {
    assert.strictEqual(await page.$('#set-demo'), null, 'no demo section without demo data');
    test.skip('this core has no demo.remove yet (db.info.demo missing)');
    return;
  }
  await page.click('#demo-remove');
  await page.click('#demo-remove-confirm');
  await page.waitForFunction(() => !document.querySelector('#set-demo'));
  assert.strictEqual((await call(page, 'db.info')).counts.customers, 0);
}, { demo: true }));

for (const lang of ['zh-CN', 'en']) {
  for (const [size, viewport] of [['1366', { width: 1366, height: 768 }], ['390', { width: 390, height: 844 }]]) {
    test(`Settings passes axe and is screenshot in ${lang} at ${size} px`, () => onSettings(lang, async ({ page }) => {
      assert.deepStrictEqual(await axeViolations(page), []);
      await screenshot(page, `settings-${lang}-${size}`);
      await page.click('#cf-add');
      await page.waitForSelector('#cf-dialog');
      assert.deepStrictEqual(await axeViolations(page), []);
      if (size === '1366') await screenshot(page, `settings-customfield-${lang}`);
    }, { demo: true, viewport }));
  }
}
