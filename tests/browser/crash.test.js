// Crash consistency: the page writes in a loop (one row per commit, some
// rows large enough for overflow pages) and the browser's whole process
// group is killed with SIGKILL at a random moment, several rounds on one
// profile. Every reopen must pass integrity_check and hold every row whose
// flush() had resolved before the kill.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ARGS } = require('./chromium.js');
const { serveWeb } = require('./webserver.js');

const web = serveWeb();
const ROUNDS = 6;

/* Starts Chromium ourselves (so we own its process group to kill) and
 * connects playwright over the DevTools protocol. */
async function startBrowser(profile) {
  const child = spawn(process.env.CHROMIUM || '/usr/bin/chromium',
    [...ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 20000);
    child.stderr.on('data', (d) => {
      text += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${text}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  return { child, browser, context: browser.contexts()[0] };
}

function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  return exited;
}

test('killing the browser mid-write never loses a flushed row or corrupts the database', { timeout: 90000 }, async () => {
  const url = `${web.base}?db=crash`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-crash-'));
  const acked = new Set();
  let child = null;
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const started = await startBrowser(profile);
      child = started.child;
      const page = await started.context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="yes"]', { timeout: 30000 });

      const check = await page.evaluate(() => window.genjin.call('storage.check'));
      assert.deepStrictEqual(check, { report: 'ok' }, `round ${round}: integrity_check`);
      const names = new Set((await page.evaluate(() => window.genjin.call('customers.list', { limit: 100000 })))
        .items.map((c) => c.name));
      const lost = [...acked].filter((n) => !names.has(n));
      assert.deepStrictEqual(lost, [], `round ${round}: flushed rows missing after the crash`);
      if (round === ROUNDS) {
        await kill(child);
        break;
      }

      page.on('console', (m) => {
        const t = m.text();
        if (t.startsWith('acked:')) acked.add(t.slice(6));
      });
      page.evaluate(async (r) => {
        for (let i = 0; ; i++) {
          const name = `r${r}-${i}`;
          const pain = i % 5 === 4 ? 'x'.repeat(6000) : null; // overflow pages now and then
          await window.genjin.call('customers.create', { name, pain_points: pain });
          await window.genjin.call('flush');
          console.log(`acked:${name}`);
        }
      }, round).catch(() => {}); // ends with the browser
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
      await kill(child);
      child = null;
    }
    assert.ok(acked.size >= ROUNDS, `only ${acked.size} rows were acknowledged`);
  } finally {
    if (child) await kill(child);
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
