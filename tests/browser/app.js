// What the app's browser tests share: axe-core accessibility checks and
// screenshots written by the test run (test-output/screenshots/, not
// committed), and a fresh page on its own database.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert');
const { root, openApp, serveWeb } = require('./webserver.js');
const { launch } = require('./chromium.js');

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

/* Starts noting whether an element matching `selector` (with `text` in it,
 * when given) ever appears: a state such as "Saving…" that lasts only as
 * long as a write. sawIt(page) tells whether it did. */
async function watchFor(page, selector, text) {
  await page.evaluate(([sel, txt]) => {
    const seen = () => [...document.querySelectorAll(sel)].some((el) => !txt || el.textContent.includes(txt));
    window.sawIt = seen();
    new MutationObserver(() => { if (seen()) window.sawIt = true; })
      .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, [selector, text || null]);
}
const sawIt = (page) => page.evaluate(() => window.sawIt);

/* User text that would be markup if it were ever parsed as HTML. */
const MARKUP = '<img src=x onerror=alert(1)>';

/* A core op through the page's worker protocol. */
const api = (page, op, args) => page.evaluate(([o, a]) => window.genjin.call(o, a), [op, args || {}]);

/* A fresh database with demo data (`customers`, `seed`) opened in
 * `lang`; `customer` is its first customer. */
async function openWithDemo(context, base, prefix, problems, lang, customers = 30, seed = 11) {
  const { page, db } = await openFresh(context, base, prefix, problems, `lang=${lang}`);
  await loadDemo(page, customers, seed);
  const customer = (await api(page, 'customers.list', { limit: 1, sort: 'id' })).items[0];
  return { page, db, customer };
}

/* The served app and one browser for a test file: `.web.base` and
 * `.browser` once its before hooks ran. */
function appTestBed() {
  const bed = { web: serveWeb(), browser: null };
  test.before(async () => { bed.browser = await launch(); });
  test.after(() => bed.browser.close());
  return bed;
}

/* Runs fn(context, problems) in a fresh browser context of `viewport`;
 * the page must raise no error. */
async function inContext(browser, viewport, fn) {
  const context = await browser.newContext({ viewport });
  const problems = [];
  try {
    await fn(context, problems);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
}

/* Runs fn(context, problems, lang, width) in both languages at desktop
 * (1366x768) and phone (390x844) size. */
async function inEveryLook(browser, fn) {
  for (const lang of ['en', 'zh-CN']) {
    for (const [width, height] of [[1366, 768], [390, 844]]) {
      await inContext(browser, { width, height }, (context, problems) => fn(context, problems, lang, width));
    }
  }
}

module.exports = {
  axeViolations, screenshot, freshDb, openFresh, loadDemo, watchFor, sawIt, SHOTS,
  MARKUP, api, appTestBed, inContext, inEveryLook, openWithDemo,
};
