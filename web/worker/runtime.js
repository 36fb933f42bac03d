/*
 * The worker's database runtime: one Genjin database kept in memory by the
 * core's page store, persisted to IndexedDB page by page after each write,
 * and shared between tabs with one writer.
 *
 * Roles: the tab holding the Web Lock "genjin:<name>" is the owner and
 * writes; the others are passive: they hold a read-only copy, show "open in
 * another tab — use here", and catch up when the owner announces a commit
 * on the BroadcastChannel "genjin:<name>". "Use here" steals the lock; the
 * old owner's lock request then fails and it becomes passive. Ownership is
 * also written into IndexedDB (claim), so a commit of the old owner that
 * races the steal fails its compare-and-swap instead of landing.
 * Saving (persist loop, flush, transaction boundaries) is in saving.js.
 *
 * Opening: the stored records are read while the WASM module loads
 * (preload), then the database opens for reads at once while its
 * integrity check runs in a second worker (check.js). Until the check has
 * passed nothing is written: the page store refuses writes, a request that
 * tries one waits (status `checking`, `waiting`) and runs again once it
 * has passed, and every request after it waits behind it, so the order of
 * arrival holds. A database that fails the check is never written to.
 */
import GenjinCore from '../engine/core.js';
import GenjinSqlJs from '../engine/sqljs.js';
import { GenjinPersist } from './persist.js';
import { GenjinSaving, storageError } from './saving.js';
import { GenjinCheck } from './check.js';

export class GenjinRuntime extends GenjinSaving {
  /* module: the loaded Emscripten module; post(msg): to the page;
   * options.holdCheck (browser tests): an integrity check's result is
   * applied only once a {test: 'releaseCheck'} message arrives on the
   * database's BroadcastChannel. */
  constructor(module, name, post, options = {}) {
    super();
    this.m = module;
    this.name = name;
    this.path = `genjin-mem:${name}`;
    this.post = post;
    this.lockName = `genjin:${name}`;
    this.owner = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    this.role = 'loading'; // owner | passive | corrupt | loading
    this.core = null;
    this.pages = null;
    this.report = null;      // integrity check report when corrupt
    this.checkRun = null;    // {gen, cancel, resolve} while the integrity check runs
    this.checkWait = null;   // resolves when that check has ended
    this.generation = 0;     // of the loaded database: a stale check's result is dropped
    this.waitingOps = 0;     // requests waiting for the check
    this.stored = { pageCount: 0, pageSize: 0 }; // what IndexedDB's meta says
    this.single = new Set(); // page numbers stored one by one (persist.js)
    this.holdCheck = !!options.holdCheck;
    this.saveError = null;   // last persistence failure, cleared by success
    this.durableTxn = 0;
    this.commits = 0;        // IndexedDB commits and page bytes they wrote
    this.bytesWritten = 0;
    this.waiting = false;    // a queued (non-stealing) lock request exists
    this.serial = Promise.resolve(); // role changes and refreshes, in order
    this.channel = new BroadcastChannel(this.lockName);
    this.channel.onmessage = (e) => this.onRemoteCommit(e.data);
  }

  /* Opens IndexedDB and reads what it stores, to be started before the
   * WASM module has loaded; resolves to {db, stored: Promise}. */
  static preload(name) {
    return GenjinPersist.open(name).then((db) => {
      const stored = GenjinPersist.read(db);
      stored.catch(() => {}); // reload() reports it
      return { db, stored };
    });
  }

  async start(preloaded) {
    this.mark('start');
    const pre = await (preloaded || GenjinRuntime.preload(this.name));
    this.idb = pre.db;
    this.preloaded = pre.stored;
    this.mark('idbOpen');
    const got = await new Promise((resolve) => {
      navigator.locks.request(this.lockName, { ifAvailable: true }, (lock) => {
        resolve(!!lock);
        return lock ? this.holdLock() : null;
      }).catch((e) => this.lostLock(e));
    });
    this.mark('lock');
    await this.queue(() => (got ? this.becomeOwner() : this.becomePassive()));
    this.openTimes.startAt = performance.timeOrigin;
    this.openTimes.readyAt = performance.timeOrigin + performance.now();
  }

  /* Notes how long the phase that just ended took (status().open). */
  mark(phase) {
    const now = performance.now();
    if (!this.openTimes) this.openTimes = {};
    // The first phase runs from the worker's start (its script and the WASM).
    this.openTimes[phase] = Math.round((now - (this.lastMark === undefined ? 0 : this.lastMark)) * 10) / 10;
    this.lastMark = now;
  }

  /* Runs fn after every earlier role change or refresh has finished, and
   * after the integrity check of the loaded database. */
  queue(fn) {
    const next = this.serial.then(() => this.checkWait).then(fn);
    this.serial = next.catch(() => {});
    return next;
  }

  /* The promise a lock callback returns: the lock is held until the tab
   * closes or another tab steals it. */
  holdLock() {
    return new Promise((resolve) => { this.releaseLock = resolve; });
  }

  async becomeOwner() {
    this.role = 'loading';
    const claimed = await GenjinPersist.claim(this.idb, this.owner);
    this.mark('claim');
    await this.reload(false, claimed);
    if (this.role === 'owner' && this.pages.txn > this.pages.baseTxn) this.persist(); // migrations
  }

  async becomePassive() {
    this.role = 'loading';
    await this.reload(true);
    if (!this.waiting) {
      // Take over by ourselves once the owner's tab closes.
      this.waiting = true;
      navigator.locks.request(this.lockName, (lock) => {
        this.waiting = false;
        if (this.role !== 'owner') this.queue(() => this.becomeOwner()).catch((e) => this.fail(e));
        return this.holdLock();
      }).catch((e) => { this.waiting = false; this.lostLock(e); });
    }
  }

  /* "Use here": steal the lock from the tab that has it. */
  takeOver() {
    if (this.role === 'owner') return Promise.resolve(this.status());
    return new Promise((resolve, reject) => {
      navigator.locks.request(this.lockName, { steal: true }, (lock) => {
        this.queue(() => this.becomeOwner()).then(() => resolve(this.status()), reject);
        return this.holdLock();
      }).catch((e) => this.lostLock(e));
    });
  }

  /* Our lock was stolen (AbortError) or a commit found another owner. */
  lostLock(error) {
    if (this.role !== 'owner' && this.role !== 'loading') return;
    this.saveError = null;
    this.notice = 'another tab took over this database';
    this.queue(() => this.becomePassive()).catch((e) => this.fail(e));
  }

  /* Replaces the in-memory database with what IndexedDB holds and opens
   * it (for reads only until its integrity check has passed). A database
   * failing integrity_check stays loaded (for export) but is never
   * opened for writing, migrated or overwritten. claimed: the meta our
   * claim found (the preloaded records are used if they are that one). */
  async reload(readonly, claimed) {
    this.closeCore();
    this.endCheck();
    if (this.pages) this.pages.drop();
    this.pages = new GenjinCore.Pages(this.m, this.path);
    let stored = this.preloaded ? await this.preloaded : null;
    this.preloaded = null;
    if (!stored || (claimed && claimed.txn !== stored.meta.txn)) stored = await GenjinPersist.read(this.idb);
    this.mark('load');
    this.single = new Set(GenjinPersist.assemble(stored, (p, bytes) => this.pages.load(p, bytes)));
    const { meta } = stored;
    this.pages.setTxn(meta.txn);
    this.durableTxn = meta.txn;
    this.stored = { pageCount: meta.pageCount, pageSize: meta.pageSize };
    this.mark('assemble');
    const brandNew = this.pages.count === 0;
    if (brandNew) {
      this.pages.setReadonly(readonly);
      // A passive tab cannot create the schema of a database no one wrote yet.
      if (!readonly) this.core = new GenjinCore.Core(this.m, this.path);
      this.role = readonly ? 'passive' : 'owner';
      if (!readonly) this.adoptBrowserZone();
    } else {
      await this.openChecked(stored, readonly);
    }
    this.mark('core');
    this.postStatus();
  }

  /*
   * Opens the loaded database while its integrity check runs. The page
   * store refuses writes until the check has passed and nothing is saved
   * before (saving.js), so what is stored is never written over unless it
   * passed; a migration made by opening stays in memory until then. A
   * database that cannot be opened is checked first, to tell damage from
   * other failures. Sets role (and report when the check failed).
   */
  async openChecked(stored, readonly) {
    const gen = ++this.generation;
    const inline = () => GenjinCore.checkDatabase(this.m, this.path);
    if (!GenjinCheck.available()) {
      // No second worker: check before opening, in this one.
      const report = inline();
      if (report !== 'ok') { this.setCorrupt(report); return; }
    }
    const check = GenjinCheck.available() ? GenjinCheck.start(stored, inline) : null;
    this.mark('checkStart');
    this.pages.setReadonly(readonly);
    let failure = null;
    try {
      this.core = new GenjinCore.Core(this.m, this.path);
    } catch (e) {
      failure = e;
    }
    this.role = readonly ? 'passive' : 'owner';
    if (!check) {
      if (failure) throw failure;
      return;
    }
    if (failure) {
      const report = await check.report;
      if (report !== 'ok') { this.setCorrupt(report); return; }
      throw failure;
    }
    this.pages.setReadonly(true); // until the check has passed
    let resolve;
    this.checkWait = new Promise((r) => { resolve = r; });
    this.checkRun = { gen, cancel: check.cancel, resolve };
    check.report
      .then((report) => (this.holdCheck ? this.released.then(() => report) : report))
      .then((report) => this.checked(gen, report), (e) => this.checked(gen, `the check did not run: ${e.message}`));
  }

  /* The background check of generation gen ended with report. */
  checked(gen, report) {
    const run = this.checkRun;
    if (gen !== this.generation || !run) return;
    this.checkRun = null;
    this.checkWait = null;
    if (report !== 'ok') this.setCorrupt(report);
    else this.pages.setReadonly(this.role !== 'owner');
    this.mark('check');
    run.resolve();
    this.postStatus();
    // Saves a migration made by opening, and folds the pages of an older
    // store (all stored one by one) into chunks.
    if (this.role === 'owner') this.persist();
  }

  /* Ends a check still running (the database is being replaced). */
  endCheck() {
    const run = this.checkRun;
    this.checkRun = null;
    this.checkWait = null;
    this.generation++;
    if (run) {
      run.cancel();
      run.resolve();
    }
  }

  setCorrupt(report) {
    this.closeCore();
    this.role = 'corrupt';
    this.report = report;
  }

  /* Test hook (options.holdCheck): resolves on {test: 'releaseCheck'}. */
  get released() {
    if (!this.releasedPromise) this.releasedPromise = new Promise((r) => { this.release = r; });
    return this.releasedPromise;
  }

  /*
   * Runs a request (fn, which may return a promise): at once, unless it
   * tries to write while the integrity check runs; then it runs again once
   * the check has passed, and every request after it waits behind it, in
   * order. Resolves or rejects as fn does.
   */
  async run(fn) {
    if (this.waitingOps) return this.waitBehind(fn);
    try {
      return await fn();
    } catch (e) {
      if (!e.waitsForCheck) throw e;
      return this.waitBehind(fn);
    }
  }

  async waitBehind(fn) {
    this.waitingOps++;
    this.postStatus();
    try {
      return await this.queue(fn);
    } finally {
      this.waitingOps--;
      this.postStatus();
    }
  }

  /* The error that makes run() wait for the check. */
  static waitsForCheck() {
    const e = new GenjinCore.GenjinError('busy', 'the database is being checked; changes wait until it has passed');
    e.waitsForCheck = true;
    return e;
  }

  /* A new workspace takes the browser's UTC offset (UTC+8 in China): the
   * core reads times typed without an offset, and "today", in the
   * workspace's zone. Settings can change it later. An offset the core
   * refuses (outside -12:00..+14:00) leaves the default, UTC. */
  adoptBrowserZone() {
    try {
      this.call('settings.set', { tz_offset_minutes: -new Date().getTimezoneOffset() });
    } catch (e) {
      if (!(e instanceof GenjinCore.GenjinError) || e.code !== 'invalid') throw e;
    }
  }

  closeCore() {
    this.closeSql(); // its statements first: they hold the connection
    if (this.core) this.core.close();
    this.core = null;
    this.reachedBoundary(); // closing ends any open transaction
  }

  /* A core op. Writes are persisted in the background; flush() waits. */
  call(op, args, actor) {
    if (!this.core) throw this.unavailable();
    try {
      return this.core.call(op, args, actor);
    } catch (e) {
      if (this.checkRun && /readonly/.test(e.message)) throw GenjinRuntime.waitsForCheck();
      if (this.role === 'passive' && /readonly/.test(e.message)) {
        throw storageError('readonly', '此数据库已在另一个标签页中打开，只读 The database is open in another tab: read-only here (use it here to edit)', 'readonly_tab');
      }
      throw e;
    } finally {
      this.afterWrite();
    }
  }

  /* Why this tab has no core to call (or may not write to it). */
  unavailable() {
    const why = this.role === 'corrupt' ? `the database failed its integrity check: ${this.report}`
      : this.role === 'passive' ? '此数据库已在另一个标签页中打开 The database is open in another tab (use it here to edit)'
        : 'the database is not open yet';
    return this.role === 'passive' ? storageError('readonly', why, 'readonly_tab') : new GenjinCore.GenjinError('io', why);
  }

  /* The owner committed: a passive tab reads what changed and reopens. */
  onRemoteCommit(msg) {
    if (this.holdCheck && msg && msg.test === 'releaseCheck') {
      this.released.catch(() => {}); // makes this.release
      this.release();
      return;
    }
    if (this.role !== 'passive' || !msg || !(msg.txn > this.durableTxn)) return;
    this.queue(() => this.refresh()).catch((e) => this.fail(e));
  }

  async refresh() {
    if (this.role !== 'passive') return;
    const changes = this.pages.count
      ? await GenjinPersist.changesSince(this.idb, this.pages.txn, this.pages.pageSize) : null;
    if (!changes) {
      await this.reload(true);
    } else {
      this.closeCore();
      for (const [pgno, bytes] of changes.pages) this.pages.load(pgno, bytes);
      this.pages.setCount(changes.meta.pageCount);
      this.pages.setTxn(changes.meta.txn);
      this.durableTxn = changes.meta.txn;
      this.stored = { pageCount: changes.meta.pageCount, pageSize: changes.meta.pageSize };
      this.core = new GenjinCore.Core(this.m, this.path);
      this.postStatus();
    }
    this.post({ event: 'changed', txn: this.durableTxn });
  }

  /* The whole database file from memory (works while saving fails). */
  exportBytes() {
    if (!this.pages) throw new GenjinCore.GenjinError('io', 'no database is loaded');
    return this.pages.bytes();
  }

  check() {
    if (this.checkRun) throw GenjinRuntime.waitsForCheck();
    return GenjinCore.checkDatabase(this.m, this.path);
  }

  fail(e) {
    this.saveError = e.message;
    this.postStatus();
  }

  status() {
    const p = this.pages;
    return {
      name: this.name, role: this.role, report: this.report, saveError: this.saveError,
      notice: this.notice || null,
      txn: p ? p.txn : 0, durableTxn: this.durableTxn, dirtyPages: p ? p.dirty().length : 0,
      checking: !!this.checkRun, waiting: this.waitingOps, singlePages: this.single.size,
      saving: !!this.running, // the save loop is writing to IndexedDB
      pageSize: p ? p.pageSize : 0, pageCount: p ? p.count : 0,
      commits: this.commits, bytesWritten: this.bytesWritten, open: this.openTimes || null,
    };
  }

  postStatus() {
    this.post({ event: 'status', status: this.status() });
  }

  /* --- Data page: imports and restore, see import.js --- */

  /* The core, when this tab may write to it; else throws as call() does. */
  writableCore() {
    if (this.checkRun) throw GenjinRuntime.waitsForCheck();
    if (this.role === 'owner' && this.core) return this.core;
    throw this.unavailable();
  }

  /*
   * Restores the database from `bytes` (a SQLite file). The file is loaded
   * into a temporary page store, must pass integrity_check and open with
   * gj_open (which migrates it) and answer db.info; only then the stored
   * pages are replaced in one IndexedDB transaction and this tab reloads
   * them. Any failure throws a GenjinError and leaves the current data as
   * it was. Returns the restored database's db.info. Call it through
   * queue() with no other core call in between (worker.js does). Allowed
   * to the owner, and to a tab whose stored database failed its integrity
   * check (it holds the lock; a backup is the way out).
   */
  async restoreBytes(bytes) {
    if (this.role !== 'corrupt') this.writableCore();
    const pageSize = GenjinRuntime.sqlitePageSize(bytes);
    const tmpPath = `${this.path}:restore`;
    const tmp = new GenjinCore.Pages(this.m, tmpPath);
    let core = null;
    let snap;
    let info;
    try {
      for (let off = 0, pgno = 1; off < bytes.length; off += pageSize, pgno++) {
        tmp.load(pgno, bytes.subarray(off, off + pageSize));
      }
      const report = GenjinCore.checkDatabase(this.m, tmpPath);
      if (report !== 'ok') {
        throw new GenjinCore.GenjinError('invalid', `文件未通过完整性检查 The file failed its integrity check: ${report}`,
          'file', 'restore_integrity', { report });
      }
      try {
        core = new GenjinCore.Core(this.m, tmpPath); // migrates an older schema
        info = core.call('db.info');
      } catch (e) {
        throw new GenjinCore.GenjinError('invalid', `无法打开此数据库 The file cannot be opened as a Genjin database: ${e.message}`,
          'file', 'restore_cannot_open', { error: e.message });
      }
      core.close();
      core = null;
      snap = { pageSize: tmp.pageSize, pageCount: tmp.count, chunks: [] };
      const per = GenjinPersist.chunkPagesFor(tmp.pageSize);
      for (let first = 1, c = 0; first <= snap.pageCount; first += per, c++) {
        const n = Math.min(per, snap.pageCount - first + 1);
        const bytes = new Uint8Array(n * snap.pageSize);
        for (let i = 0; i < n; i++) bytes.set(tmp.view(first + i), i * snap.pageSize);
        snap.chunks.push([c, bytes]);
      }
    } finally {
      if (core) core.close();
      tmp.drop();
    }
    if (this.running) await this.running; // our last save lands (or fails) first
    await GenjinPersist.replaceAll(this.idb, snap, this.owner, this.durableTxn);
    await this.reload(false);
    this.channel.postMessage({ txn: this.durableTxn });
    return info;
  }

  /* The page size of a SQLite file, after checking it looks like one that
   * the page store can hold; throws GenjinError('invalid') otherwise. A
   * file left in WAL mode (header bytes 18-19 = 2) is switched back to the
   * rollback journal the page store uses: the file holds every committed
   * page once its -wal file is checkpointed, as downloads are. */
  static sqlitePageSize(bytes) {
    const bad = (why) => new GenjinCore.GenjinError('invalid', `这不是 SQLite 数据库文件 Not a SQLite database file: ${why}`,
      'file', 'restore_not_sqlite', { detail: why });
    const magic = 'SQLite format 3\0';
    if (bytes.length < 512) throw bad(`only ${bytes.length} bytes`);
    for (let i = 0; i < magic.length; i++) {
      if (bytes[i] !== magic.charCodeAt(i)) throw bad('the header is missing');
    }
    const raw = (bytes[16] << 8) | bytes[17];
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1))) throw bad(`page size ${raw}`);
    if (bytes.length % pageSize) throw bad(`${bytes.length} bytes is not a whole number of ${pageSize}-byte pages`);
    const userVersion = ((bytes[60] << 24) | (bytes[61] << 16) | (bytes[62] << 8) | bytes[63]) >>> 0;
    if (userVersion === 0) {
      throw new GenjinCore.GenjinError('invalid', '这不是跟进的数据库 Not a Genjin database (no schema version)', 'file', 'restore_not_genjin');
    }
    if (bytes[18] === 2) bytes[18] = 1;
    if (bytes[19] === 2) bytes[19] = 1;
    return pageSize;
  }

  /* --- sql.js-compatible API on this database (sqljs.js, sqlworker.js) --- */

  /* The Database (sql.js API) on the open core's own connection, made on
   * first use; reads work in a passive tab, writes need the owner. */
  sqlDatabase() {
    if (this.checkRun) throw GenjinRuntime.waitsForCheck(); // no borrow outlives the read-only phase
    if (!this.core) this.writableCore(); // throws why there is no database
    if (!this.sqlDb) this.sqlDb = GenjinSqlJs.onDatabase(this.core);
    return this.sqlDb;
  }

  /* Ends the borrow (frees its statements); the core stays open. */
  closeSql() {
    if (this.sqlDb) this.sqlDb.close();
    this.sqlDb = null;
  }
  /* --- end of the sql.js-compatible section --- */
}
