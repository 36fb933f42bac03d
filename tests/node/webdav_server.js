// A real WebDAV server for the sync tests: `rclone serve webdav` on a
// fresh folder at 127.0.0.1, on a port the kernel picks (installed by
// scripts/bootstrap.sh). start() resolves once rclone says where it
// listens; stop() ends that one process.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

async function startWebDav({ user = 'team', pass = 'secret' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-dav-'));
  const proc = spawn('rclone', ['serve', 'webdav', dir, '--addr', '127.0.0.1:0', '--user', user, '--pass', pass,
    '--config', '/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    proc.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/WebDav Server started on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`rclone exited (${code}): ${log}`)));
    proc.on('error', reject);
  });
  return {
    url, dir, user, pass,
    stop() {
      proc.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startWebDav };
