// The served page in headless Chromium: the core loads in a worker, "Load
// demo data" fills the database and the counts on the page show it.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { launch } = require('./chromium.js');

const root = path.join(__dirname, '..', '..');

test('the page loads the core, generates demo data and shows the counts', async () => {
  const { serve } = await import(path.join(root, 'scripts', 'serve.mjs'));
  const server = await serve({ dir: path.join(root, 'web'), port: 0 });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launch();
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    assert.strictEqual(await page.textContent('[data-count="customers"]'), '0');
    assert.match(await page.textContent('#db-facts'), /SQLite 3\.\d+/);
    // Test hooks are off unless the page was opened with ?test-hooks=1.
    const hook = await page.evaluate(() => window.genjin.call('test.failStorage', { on: true })
      .then(() => 'accepted', (e) => e.code));
    assert.strictEqual(hook, 'bad_request');

    await page.click('#load-demo');
    await page.waitForFunction(() => document.querySelector('[data-count="customers"]').textContent === '200',
      null, { timeout: 60000 });
    for (const entity of ['reps', 'deals', 'followups', 'tickets', 'surveys', 'orders', 'events']) {
      const n = Number(await page.textContent(`[data-count="${entity}"]`));
      assert.ok(n > 0, `${entity} count is ${n} after loading demo data`);
    }
    assert.match(await page.textContent('#status'), /200/);

    // A second load adds more customers (a new seed) rather than failing.
    await page.click('#load-demo');
    await page.waitForFunction(() => document.querySelector('[data-count="customers"]').textContent === '400',
      null, { timeout: 60000 });
    const shots = path.join(root, 'build', 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });
    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
