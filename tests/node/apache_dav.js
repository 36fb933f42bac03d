// Apache 2.4 with mod_dav_fs as a WebDAV team folder on another origin,
// configured as docs/sync.md ("Serving the folder: same origin or CORS")
// says: Basic authentication except for the preflight, and the CORS
// headers on every answer. Debian's apache2-bin (scripts/bootstrap.sh),
// run in the foreground (-X) from a generated configuration on a free
// port of 127.0.0.1; stop() ends that one process.
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const MODULES = ['mpm_event', 'authz_core', 'authz_user', 'authn_core', 'authn_file', 'auth_basic', 'alias', 'dav', 'dav_fs', 'headers'];

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

async function listening(port, proc, log) {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`apache2 exited (${proc.exitCode}): ${log()}`);
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`apache2 did not listen on ${port}: ${log()}`);
}

/* origin: the app's origin the folder allows. */
async function startApacheDav({ origin, user = 'team', pass = 'secret' }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-apache-'));
  const data = path.join(root, 'genjin-team');
  fs.mkdirSync(data);
  fs.mkdirSync(path.join(root, 'lock'));
  // as root Apache serves as nobody: the folder and lock database are theirs
  for (const d of [root, data, path.join(root, 'lock')]) fs.chmodSync(d, 0o777);
  const sha = crypto.createHash('sha1').update(pass).digest('base64');
  fs.writeFileSync(path.join(root, 'htpasswd'), `${user}:{SHA}${sha}\n`);
  const port = await freePort();
  const asRoot = process.getuid && process.getuid() === 0;
  const conf = [
    `ServerRoot "${root}"`, `Listen 127.0.0.1:${port}`, `ServerName 127.0.0.1`, `PidFile "${root}/httpd.pid"`,
    `ErrorLog "${root}/error.log"`, 'LogLevel warn', `Mutex file:${root} default`,
    ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
    ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    `DavLockDB "${root}/lock/lockdb"`,
    `Alias /genjin-team "${data}"`,
    `<Directory "${data}">`,
    '  Dav On',
    '  AuthType Basic', '  AuthName "Genjin team"', `  AuthUserFile "${root}/htpasswd"`,
    '  <LimitExcept OPTIONS>', '    Require valid-user', '  </LimitExcept>',
    `  Header always set Access-Control-Allow-Origin "${origin}"`,
    '  Header always set Access-Control-Allow-Methods "GET, PUT, PROPFIND, MOVE, MKCOL, DELETE, OPTIONS"',
    '  Header always set Access-Control-Allow-Headers "Authorization, Content-Type, Depth, Destination, Overwrite, If-None-Match"',
    '  Header always set Access-Control-Max-Age "86400"',
    '  Header always merge Vary "Origin"',
    '</Directory>',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'httpd.conf'), `${conf}\n`);
  const proc = spawn('/usr/sbin/apache2', ['-X', '-f', path.join(root, 'httpd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const log = () => err + (fs.existsSync(path.join(root, 'error.log')) ? fs.readFileSync(path.join(root, 'error.log'), 'utf8') : '');
  await listening(port, proc, log);
  return {
    url: `http://127.0.0.1:${port}/genjin-team/`, dir: data, user, pass, log,
    stop() {
      proc.kill();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

module.exports = { startApacheDav };
