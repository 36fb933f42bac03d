// The sync engine with the real core (the WASM build's sync.* ops):
// three databases edit customers offline and sync through a real WebDAV
// folder (rclone on 127.0.0.1) in changing orders; every replica ends with
// the same customers, and the conflicting edit is listed as a conflict.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { Core } = require('../../web/engine/core.js');
const { startWebDav } = require('./webdav_server.js');

const dist = process.env.GENJIN_WASM_DIR || path.join(__dirname, '..', '..', 'web', 'dist');
const web = path.join(__dirname, '..', '..', 'web', 'sync');

async function loadModule() {
  const factory = require(path.join(dist, 'genjin-core.js'));
  return factory({ wasmBinary: fs.readFileSync(path.join(dist, 'genjin-core.wasm')) });
}

function hasSync(core) {
  try {
    core.call('sync.status', {});
    return true;
  } catch (e) {
    if (e.reason === 'unknown_op') return false;
    throw e;
  }
}

const dump = (core) => core.call('customers.list', { limit: 1000, sort: 'id' }).items
  .map(({ id, name, phone, tier }) => ({ id, name, phone, tier }));

test('three real replicas converge through the folder; the losing edit is a conflict', async (t) => {
  const m = await loadModule();
  const cores = ['a', 'b', 'c'].map((n) => new Core(m, `genjin-mem:sync-${n}-${process.pid}`));
  assert.ok(hasSync(cores[0]), 'the built core has the sync ops');
  const [{ SyncEngine, joinFolder }, { WebDavTransport }] = await Promise.all(['engine.js', 'webdav.js'].map((f) => import(path.join(web, f))));
  const dav = await startWebDav();
  try {
    const root = new WebDavTransport({ url: dav.url, user: dav.user, password: dav.pass });
    await root.makeDir('team');
    const transport = () => new WebDavTransport({ url: `${dav.url}team/`, user: dav.user, password: dav.pass });
    const team = await joinFolder(transport(), 'a real team passphrase', null);
    for (const core of cores) core.call('sync.enable', {});
    const engines = cores.map((core) => new SyncEngine({ call: (op, args) => core.call(op, args), team }));

    const shared = cores[0].call('customers.create', { name: '共同客户', tier: 'B' });
    await engines[0].run(transport());
    await engines[1].run(transport());
    await engines[2].run(transport());
    assert.strictEqual(cores[2].call('customers.get', { id: shared.id }).name, '共同客户');

    // offline: two devices edit the same field, one another field, all create
    cores[0].call('customers.update', { id: shared.id, phone: '13800000001' });
    cores[1].call('customers.update', { id: shared.id, phone: '13800000002' });
    cores[2].call('customers.update', { id: shared.id, tier: 'A' });
    cores.forEach((core, i) => core.call('customers.create', { name: `客户 ${i}` }));
    for (const order of [[2, 0, 1], [1, 2, 0], [0, 1, 2]]) {
      for (const i of order) {
        const r = await engines[i].run(transport());
        assert.deepStrictEqual(r.refused, []);
      }
    }
    const dumps = cores.map(dump);
    assert.deepStrictEqual(dumps[1], dumps[0]);
    assert.deepStrictEqual(dumps[2], dumps[0]);
    assert.strictEqual(dumps[0].length, 4);
    const merged = cores[0].call('customers.get', { id: shared.id });
    assert.strictEqual(merged.tier, 'A', 'an edit of another field is kept');
    assert.ok(['13800000001', '13800000002'].includes(merged.phone));
    const conflicts = cores.map((core) => core.call('sync.conflicts', {}).total);
    assert.ok(conflicts.some((n) => n > 0), `conflicts: ${conflicts}`);
    for (const core of cores) assert.strictEqual(core.call('sync.status', {}).pending, 0);
  } finally {
    dav.stop();
    cores.forEach((c) => c.close());
  }
});
