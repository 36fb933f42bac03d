// Launches Debian's Chromium through playwright-core (no browser download)
// with the flags this machine and CI need.
'use strict';
const { chromium } = require('playwright-core');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function launch(options = {}) {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS, ...options });
}

/* A browser whose profile (IndexedDB included) lives in userDataDir, so a
 * later launch with the same directory is a browser restart. */
function launchPersistent(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS, acceptDownloads: true, ...options,
  });
}

module.exports = { launch, launchPersistent, ARGS };
