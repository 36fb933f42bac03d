// A new workspace takes the browser's UTC offset (web/worker/runtime.js):
// the core reads times typed without an offset in that zone. An existing
// workspace keeps its own setting when opened from another zone.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchPersistent } = require('./chromium.js');
const { serveWeb, openApp } = require('./webserver.js');
const { call } = require('./app.js');

const web = serveWeb();


for (const [zone, offset, localMidnight] of [
  ['Asia/Shanghai', 480, '2025-01-09T16:00:00Z'],
  ['America/Bogota', -300, '2025-01-10T05:00:00Z'],
]) {
  test(`a new workspace opened in ${zone} works at UTC${offset > 0 ? '+' : ''}${offset / 60}`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genjin-zone-'));
    const problems = [];
    let context = await launchPersistent(dir, { timezoneId: zone });
    try {
      let page = await openApp(context, web.base, 'zone', problems);
      assert.strictEqual((await call(page, 'settings.get')).tz_offset_minutes, offset);
      const c = await call(page, 'customers.create', { name: '甲', created_at: '2025-01-10' });
      assert.strictEqual(c.created_at, localMidnight);
      await call(page, 'flush');
      await context.close();
      // the same workspace opened in a browser set to UTC keeps its zone
      context = await launchPersistent(dir, { timezoneId: 'UTC' });
      page = await openApp(context, web.base, 'zone', problems);
      assert.strictEqual((await call(page, 'settings.get')).tz_offset_minutes, offset);
      assert.strictEqual((await call(page, 'customers.list')).total, 1);
      assert.deepStrictEqual(problems, []);
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
