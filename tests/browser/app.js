// What the app's browser tests share: axe-core accessibility checks and
// screenshots written by the test run (test-output/screenshots/, not
// committed), and a fresh page on its own database.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { root, openApp } = require('./webserver.js');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.join(root, 'test-output', 'screenshots');

/* The serious and critical axe-core violations on the page now, as
 * "rule: target" lines (empty when there are none). Evaluated through the
 * DevTools protocol, so the page's CSP (no inline script) stays as it is. */
async function axeViolations(page) {
  const found = await page.evaluate(`(async () => {
    if (!window.axe) { ${AXE} }
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  })()`);
  return found;
}

/* Saves a screenshot as test-output/screenshots/<name>.png. */
async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/* A unique database name for one test (each test starts empty). */
function freshDb(prefix) {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/* Opens the app on a fresh database with `query` ("lang=en", ...) added;
 * `problems` collects page errors. */
async function openFresh(context, base, prefix, problems, query) {
  const db = freshDb(prefix);
  const page = await openApp(context, base, `${db}${query ? `&${query}` : ''}`, problems);
  return { page, db };
}

/* Loads demo data through the worker protocol (the same op the welcome
 * page's button sends) and reloads the page's shared data. */
async function loadDemo(page, customers = 60, seed = 11) {
  return page.evaluate(([n, s]) => window.genjin.call('demo.generate', { customers: n, seed: s }), [customers, seed]);
}

/* The core's answer to `op` with `args`, through the page's worker protocol. */
function call(page, op, args) {
  return page.evaluate(([o, a]) => window.genjin.call(o, a), [op, args || {}]);
}

module.exports = { axeViolations, screenshot, freshDb, openFresh, loadDemo, call, SHOTS };
