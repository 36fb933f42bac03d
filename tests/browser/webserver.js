// Serves the built app (web/dist/) for a browser test file and opens the app in it: the
// before/after hooks and page opening the browser tests share.
'use strict';
const test = require('node:test');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

/* Starts the static server of `dir` (default web/dist) before the file's
 * tests and stops it after; `.base` is its URL ("http://127.0.0.1:PORT/")
 * once started. */
function serveWeb(dir = path.join(root, 'web', 'dist')) {
  const web = { base: null, server: null };
  test.before(async () => {
    const { serve } = await import(path.join(root, 'scripts', 'serve.mjs'));
    web.server = await serve({ dir, port: 0 });
    web.base = `http://127.0.0.1:${web.server.address().port}/`;
  });
  test.after(() => web.server.close());
  return web;
}

/* Opens the app on database `db` in `context` and waits until it is
 * ready; page errors are pushed to `problems`. */
async function openApp(context, base, db, problems) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}?db=${db}`);
  await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
  return page;
}

/* Resolves once fn(arg), evaluated in the page, gives a truthy value; fn
 * may be async (it usually asks the worker). Playwright's waitForFunction
 * takes a promise for truthy, so it cannot wait on the worker's answers.
 * Rejects after `timeout` ms, naming what it waited for. */
async function until(page, fn, arg, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // poll interval, not a wait for an outcome
  }
}

module.exports = { serveWeb, openApp, until, root };
