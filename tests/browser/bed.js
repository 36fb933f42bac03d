// What the page tests of one file share beyond app.js: the served app and
// one browser, fresh contexts per language and screen size, a database
// with demo data, core calls through the page, and noting a state that
// lasts only as long as a write.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { serveWeb } = require('./webserver.js');
const { launch } = require('./chromium.js');
const { openFresh, loadDemo, call } = require('./app.js');

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
const api = call; // the core's answer through the page's worker protocol

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

module.exports = { watchFor, sawIt, MARKUP, api, appTestBed, inContext, inEveryLook, openWithDemo };
