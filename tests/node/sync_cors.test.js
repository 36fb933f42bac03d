// The Apache configuration of docs/sync.md ("Serving the folder: same
// origin or CORS") lets a page of another origin use the team folder:
// every request the WebDAV transport makes passes the browser's CORS
// checks (a preflight answered without credentials that allows its method
// and headers, and the allowed origin on every answer, errors included),
// and the transport's put-if-absent and rename hold on Apache.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { startApacheDav } = require('./apache_dav.js');

const web = path.join(__dirname, '..', '..', 'web', 'sync');
const load = () => Promise.all([import(path.join(web, 'webdav.js')), import(path.join(web, 'transport.js'))]);
const ORIGIN = 'http://genjin.example.com';
const SIMPLE = new Set(['GET', 'HEAD', 'POST']);

let dav;
test.before(async () => { dav = await startApacheDav({ origin: ORIGIN }); });
test.after(() => dav && dav.stop());

const list = (h) => (h || '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

/* fetch as a page on ORIGIN sees it: a preflight for every non-simple
 * request (no credentials), and a network error when an answer lacks the
 * origin. Records what was checked. */
function corsFetch(checked) {
  return async (url, init) => {
    const headers = Object.keys(init.headers || {}).map((h) => h.toLowerCase());
    if (!SIMPLE.has(init.method) || headers.some((h) => !['accept', 'content-type'].includes(h))) {
      const pre = await fetch(url, { method: 'OPTIONS', headers: {
        Origin: ORIGIN, 'Access-Control-Request-Method': init.method, 'Access-Control-Request-Headers': headers.join(','),
      } });
      assert.ok(pre.ok, `preflight of ${init.method} answered ${pre.status}`);
      assert.strictEqual(pre.headers.get('access-control-allow-origin'), ORIGIN);
      assert.ok(list(pre.headers.get('access-control-allow-methods')).includes(init.method.toLowerCase()), `${init.method} not allowed`);
      const allowed = list(pre.headers.get('access-control-allow-headers'));
      for (const h of headers) assert.ok(allowed.includes(h), `header ${h} not allowed for ${init.method}`);
    }
    const res = await fetch(url, { ...init, headers: { ...init.headers, Origin: ORIGIN } });
    if (res.headers.get('access-control-allow-origin') !== ORIGIN) throw new TypeError(`CORS: ${init.method} ${res.status} without the origin`);
    checked.add(`${init.method} ${res.status}`);
    return res;
  };
}

test('every request of the transport passes the CORS checks of another origin, errors included', async () => {
  const [{ WebDavTransport }, { publish }] = await load();
  const checked = new Set();
  const t = new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass, fetchImpl: corsFetch(checked) });
  assert.deepStrictEqual(await t.list('changes'), []);
  await publish(t, 'changes/dev-a1/1.gjc', new Uint8Array([1, 2, 3])); // PUT 409 → MKCOL ×2 → PUT → MOVE
  await assert.rejects(publish(t, 'changes/dev-a1/1.gjc', new Uint8Array([4])), { reason: 'sync_exists' });
  await assert.rejects(t.putIfAbsent('changes/dev-a1/1.gjc', new Uint8Array([5])), { reason: 'sync_exists' }, 'Apache honours If-None-Match');
  assert.deepStrictEqual((await t.list('changes/dev-a1')).map((e) => [e.name, e.size]), [['1.gjc', 3]]);
  assert.deepStrictEqual(await t.get('changes/dev-a1/1.gjc'), new Uint8Array([1, 2, 3]));
  await assert.rejects(t.get('changes/dev-a1/2.gjc'), { reason: 'sync_not_found' });
  await t.remove('changes/dev-a1/1.gjc');
  const wrong = new WebDavTransport({ url: dav.url, user: dav.user, password: 'wrong', fetchImpl: corsFetch(checked) });
  await assert.rejects(wrong.list('changes'), { reason: 'sync_auth' }, 'a wrong password is told, not a network error');
  for (const seen of ['PROPFIND 404', 'PUT 409', 'MKCOL 201', 'PUT 201', 'MOVE 201', 'MOVE 412', 'PUT 412', 'PROPFIND 207',
    'GET 200', 'GET 404', 'DELETE 204', 'PROPFIND 401']) {
    assert.ok(checked.has(seen), `${seen} was not exercised: ${[...checked]}`);
  }
});

test('another origin than the allowed one is not let in', async () => {
  const res = await fetch(dav.url, { method: 'OPTIONS', headers: { Origin: 'http://elsewhere.example', 'Access-Control-Request-Method': 'PROPFIND' } });
  assert.notStrictEqual(res.headers.get('access-control-allow-origin'), 'http://elsewhere.example');
});
