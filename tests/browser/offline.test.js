// Offline and installable: the service worker (web/worker/sw.js, written
// by scripts/build-web.mjs with the build's file list) serves the app with
// no network, with its data; a new build is offered as "new version —
// reload" and the reload lands on it; the web app manifest is linked,
// valid, and its icons exist. Served from a copy of web/dist, so the test
// can put a "new build" in place.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchPersistent } = require('./chromium.js');
const { serveWeb, openApp, root } = require('./webserver.js');
const { screenshot, call } = require('./app.js');

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-dist-'));
fs.cpSync(path.join(root, 'web', 'dist'), dist, { recursive: true });
const web = serveWeb(dist);
test.after(() => fs.rmSync(dist, { recursive: true, force: true }));

const controlled = (page) => page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });

/* Makes the served copy a new build: index.html gains a marker and sw.js a
 * new version (what any rebuild with a change does). */
function publishNewBuild(marker) {
  const index = path.join(dist, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', `<head>\n  <meta name="genjin-build" content="${marker}">`));
  const sw = path.join(dist, 'sw.js');
  const text = fs.readFileSync(sw, 'utf8');
  const version = /const VERSION = '([^']+)'/.exec(text)[1];
  fs.writeFileSync(sw, text.replace(`const VERSION = '${version}'`, `const VERSION = '${version}-${marker}'`));
  return `${version}-${marker}`;
}

test('offline: the app opens with its data; a new build is offered and the reload lands on it', { timeout: 120000 }, async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-profile-'));
  const context = await launchPersistent(profile);
  const problems = [];
  try {
    const page = await openApp(context, web.base, 'offline&lang=en', problems);
    await controlled(page);
    await call(page, 'customers.create', { name: '离线也在' });

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    const names = (await call(page, 'customers.list', {})).items.map((c) => c.name);
    assert.deepStrictEqual(names, ['离线也在']);
    assert.deepStrictEqual(await page.$$eval('nav.nav a', (as) => as.length), 8);
    await page.waitForSelector('#storage[data-role="owner"][data-saved="true"]');
    assert.strictEqual(await page.textContent('#offline'), 'Offline');
    await screenshot(page, 'shell-offline-en');
    // The pages loaded on first visit come from the cache too.
    for (const name of ['dashboard', 'report']) {
      const hash = `#/${name}`;
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector(`#nav-${name}[aria-current="page"]`); // the render of the new route
      await page.waitForSelector('main h1, main [role="alert"]', { timeout: 30000 });
      assert.strictEqual(await page.$('main [role="alert"]'), null, `${hash} failed to load offline`);
    }
    // A write offline is stored like any other.
    await call(page, 'customers.create', { name: '离线新建' });
    await context.setOffline(false);
    await page.waitForSelector('#offline', { state: 'detached' });

    // A new build appears on the server; the open tab keeps its version
    // until the user chooses to reload.
    const version = publishNewBuild('two');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForSelector('#update-notice', { timeout: 30000 });
    assert.match(await page.textContent('#update-notice'), /new version/i);
    await screenshot(page, 'shell-update-en');
    assert.strictEqual(await page.$('meta[name="genjin-build"]'), null);
    await Promise.all([
      page.waitForEvent('load', { timeout: 30000 }),
      page.click('#update-notice button'),
    ]);
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });
    assert.strictEqual(await page.getAttribute('meta[name="genjin-build"]', 'content'), 'two');
    assert.deepStrictEqual(await page.evaluate(() => caches.keys()), [`genjin-${version}`]);
    assert.strictEqual(await page.$('#update-notice'), null);
    assert.strictEqual((await call(page, 'db.info')).counts.customers, 2);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('the web app manifest is linked, valid, and everything it names is served and precached', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-profile-'));
  const context = await launchPersistent(profile);
  const problems = [];
  try {
    const page = await openApp(context, web.base, 'manifest&lang=en', problems);
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    const url = new URL(href, web.base);
    const res = await fetch(url);
    assert.strictEqual(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/manifest\+json/);
    const manifest = await res.json();
    for (const key of ['name', 'short_name', 'start_url', 'scope', 'display', 'icons']) assert.ok(manifest[key], key);
    assert.strictEqual(manifest.display, 'standalone');
    const scope = new URL(manifest.scope, url).href;
    assert.ok(new URL(manifest.start_url, url).href.startsWith(scope), 'start_url is inside the scope');
    assert.ok(manifest.icons.some((i) => (i.purpose || 'any').split(' ').includes('any')));
    const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(fs.readFileSync(path.join(dist, 'sw.js'), 'utf8'))[1]);
    for (const icon of manifest.icons) {
      const r = await fetch(new URL(icon.src, url));
      assert.strictEqual(r.status, 200, icon.src);
      assert.strictEqual(r.headers.get('content-type'), icon.type, icon.src);
      assert.match(await r.text(), /^<svg[\s>]/, icon.src);
      assert.ok(precache.includes(`./${icon.src}`), `${icon.src} is precached`);
    }
    assert.ok(precache.includes(`./${href}`), 'the manifest is precached');
    // What Chromium itself says about installing the app.
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepStrictEqual(installabilityErrors, []);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('?sw=0 runs the app without a service worker', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-profile-'));
  const context = await launchPersistent(profile);
  const problems = [];
  try {
    const page = await openApp(context, web.base, 'nosw&sw=0', problems);
    await call(page, 'customers.create', { name: '无缓存' });
    assert.deepStrictEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    assert.strictEqual(await page.evaluate(() => navigator.serviceWorker.controller), null);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
