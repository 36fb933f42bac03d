// The WebDAV transport (web/sync/webdav.js) against a real
// `rclone serve webdav` on 127.0.0.1: listing, publishing through a
// temporary name and MOVE, never overwriting a published file, and the
// errors a wrong password, a missing file or no server give.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startWebDav } = require('./webdav_server.js');

const web = path.join(__dirname, '..', '..', 'web', 'sync');
const load = () => Promise.all([import(path.join(web, 'webdav.js')), import(path.join(web, 'transport.js'))]);

let dav;
test.before(async () => { dav = await startWebDav(); });
test.after(() => dav && dav.stop());

const sorted = (list) => list.map((e) => `${e.name}${e.dir ? '/' : ''}:${e.size ?? '-'}`).sort();

test('publish writes under a temporary name then renames; the listing shows only published files', async () => {
  const [{ WebDavTransport }, { publish, isTemp }] = await load();
  const t = new WebDavTransport({ url: `${dav.url}团队 folder`, user: dav.user, password: dav.pass });
  await assert.rejects(publish(t, 'changes/dev-a1/1.gjc', new Uint8Array(1)), { code: 'io', reason: 'sync_no_folder' });
  // the folder the team shares, made as a user would in the server's own UI
  await new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass }).makeDir('团队 folder');
  assert.deepStrictEqual(await t.list('changes'), [], 'a folder not made yet lists empty');
  await publish(t, 'changes/dev-a1/1.gjc', new Uint8Array([1, 2, 3]));
  await publish(t, 'changes/dev-a1/2.gjc', new Uint8Array(1000).fill(7));
  await publish(t, 'changes/dev-b2/1.gjc', new Uint8Array([9]));
  assert.deepStrictEqual(sorted(await t.list('changes')), ['dev-a1/:-', 'dev-b2/:-']);
  assert.deepStrictEqual(sorted(await t.list('changes/dev-a1/')), ['1.gjc:3', '2.gjc:1000']);
  assert.deepStrictEqual(await t.get('changes/dev-a1/2.gjc'), new Uint8Array(1000).fill(7));
  // on the server's disk: the files under their names, no temporary left
  const onDisk = fs.readdirSync(path.join(dav.dir, '团队 folder', 'changes', 'dev-a1')).sort();
  assert.deepStrictEqual(onDisk, ['1.gjc', '2.gjc']);
  assert.ok(!onDisk.some(isTemp));
});

test('a published name is never overwritten: the second publish is refused and leaves nothing behind', async () => {
  const [{ WebDavTransport }, { publish }] = await load();
  const t = new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass });
  await publish(t, 'changes/dev-c3/5.gjc', new Uint8Array([5]));
  await assert.rejects(publish(t, 'changes/dev-c3/5.gjc', new Uint8Array([6])), { code: 'conflict', reason: 'sync_exists' });
  assert.deepStrictEqual(await t.get('changes/dev-c3/5.gjc'), new Uint8Array([5]));
  assert.deepStrictEqual(sorted(await t.list('changes/dev-c3')), ['5.gjc:1']);
});

test('a missing file, a wrong password and no server are each their own error', async () => {
  const [{ WebDavTransport }] = await load();
  const t = new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass });
  await assert.rejects(t.get('changes/nobody/1.gjc'), { code: 'invalid', reason: 'sync_not_found' });
  await t.remove('changes/nobody/1.gjc'); // already gone: no error
  const wrong = new WebDavTransport({ url: dav.url, user: dav.user, password: 'not it' });
  await assert.rejects(wrong.list('changes'), { code: 'io', reason: 'sync_auth', params: { url: dav.url, status: 401 } });
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const none = new WebDavTransport({ url: `http://127.0.0.1:${port}/team/`, user: 'x', password: 'y' });
  await assert.rejects(none.list('changes'), { code: 'io', reason: 'sync_unreachable' });
  assert.throws(() => new WebDavTransport({ url: 'ftp://nas/team' }), { reason: 'sync_bad_url' });
  assert.throws(() => new WebDavTransport({ url: 'nas/team' }), { reason: 'sync_bad_url' });
});

test('PROPFIND answers of other servers (prefixes, absolute hrefs, escapes) read the same', async () => {
  const [{ parseMultistatus }] = await load();
  const apache = `<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>/dav/team/changes/</D:href><D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response xmlns:lp1="DAV:"><D:href>https://nas.example/dav/team/changes/dev%2Da1/</D:href>
<D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype></D:prop></D:propstat></D:response>
<D:response xmlns:lp1="DAV:"><D:href>/dav/team/changes/a&amp;b.gjc</D:href>
<D:propstat><D:prop><lp1:resourcetype/><lp1:getcontentlength>812</lp1:getcontentlength></D:prop></D:propstat></D:response>
</D:multistatus>`;
  assert.deepStrictEqual(parseMultistatus(apache, '/dav/team/changes/'), [
    { name: 'dev-a1', size: null, dir: true }, { name: 'a&b.gjc', size: 812, dir: false }]);
  const plain = '<multistatus xmlns="DAV:"><response><href>/t/x/</href></response>' +
    '<response><href>/t/x/3.gjc</href><propstat><prop><resourcetype></resourcetype><getcontentlength>5</getcontentlength></prop></propstat></response></multistatus>';
  assert.deepStrictEqual(parseMultistatus(plain, '/t/x'), [{ name: '3.gjc', size: 5, dir: false }]);
});
