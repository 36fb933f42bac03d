/*
 * The saving side of the worker's runtime (GenjinRuntime extends it): when
 * and how the in-memory pages go to IndexedDB.
 *
 * Only at transaction boundaries. While a write transaction is open (an
 * import between its slices, or a BEGIN through the sql.js API not yet
 * committed) the dirty pages hold half of it, and a snapshot of them could
 * be what a reload sees; so the save loop stops and flush() waits until it
 * has ended. A commit is one IndexedDB transaction (persist.js), and
 * flush() resolves only when everything committed before it is stored.
 *
 * Uses the runtime's role, pages, idb, owner, sqlDb, durableTxn,
 * saveError, channel, postStatus() and lostLock().
 */
import GenjinCore from '../engine/core.js';
import { GenjinPersist } from './persist.js';

export class GenjinSaving {
  constructor() {
    this.running = null;     // the persist loop in flight
    this.holds = 0;          // ops holding a write transaction open (imports)
    this.boundary = null;    // {promise, resolve}: the next transaction boundary
  }

  /* Starts the persist loop unless it runs; returns its promise. Commits
   * made while one is in flight are merged into the next. */
  persist() {
    if (!this.running) {
      this.running = this.persistLoop().finally(() => {
        this.running = null;
        this.postStatus();
      });
      this.postStatus(); // "Saving…" in the page until the loop has landed
    }
    return this.running;
  }

  async persistLoop() {
    const pages = this.pages;
    while (this.role === 'owner' && this.pages === pages && pages.txn > pages.baseTxn && !this.transactionOpen()) {
      const dirty = pages.dirty();
      const snap = {
        base: pages.baseTxn, txn: pages.txn, pageSize: pages.pageSize, pageCount: pages.count,
        pages: dirty.map((p) => [p, pages.page(p)]),
      };
      try {
        await GenjinPersist.commit(this.idb, snap, this.owner);
      } catch (e) {
        if (e instanceof GenjinPersist.ConflictError) this.lostLock(e);
        else {
          this.saveError = `${e.name || 'Error'}: ${e.message}`;
          this.postStatus();
        }
        return;
      }
      if (this.pages !== pages) return;
      pages.markClean(snap.txn);
      this.durableTxn = snap.txn;
      this.commits++;
      this.bytesWritten += snap.pages.length * snap.pageSize;
      this.saveError = null;
      this.channel.postMessage({ txn: snap.txn });
      this.postStatus();
    }
  }

  /* Resolves once everything committed so far is in IndexedDB (after the
   * open write transaction, if one is open, has ended). */
  async flush() {
    if (this.role !== 'owner') return this.status();
    const target = this.pages.txn;
    while (this.durableTxn < target) {
      if (this.transactionOpen()) await this.nextBoundary();
      else await this.persist();
      if (this.role !== 'owner') throw new GenjinCore.GenjinError('conflict', 'another tab took over before the data was saved');
      if (this.saveError) throw new GenjinCore.GenjinError('io', `保存失败 Saving failed: ${this.saveError}`);
    }
    return this.status();
  }

  /* After a write made directly on writableCore(): persist what changed,
   * unless a write transaction is still open. */
  afterWrite() {
    if (this.role !== 'owner' || !this.pages || this.transactionOpen()) return;
    this.reachedBoundary();
    if (this.pages.txn > this.pages.baseTxn) this.persist();
  }

  /* Wakes whoever waits in nextBoundary(). */
  reachedBoundary() {
    if (this.boundary) this.boundary.resolve();
    this.boundary = null;
  }

  /* Runs fn (async) holding the core's write transaction open across
   * awaits, e.g. an import fed slice by slice: nothing is persisted until
   * it has ended (committed or rolled back), so a reload sees all of it or
   * none. */
  async holding(fn) {
    this.holds++;
    try {
      return await fn();
    } finally {
      this.holds--;
      this.afterWrite();
    }
  }

  /* Whether a write transaction is open on the database. An import says so
   * (holding); a BEGIN through the sql.js API is found by trying one: SQLite
   * refuses BEGIN inside a transaction. A deferred BEGIN and its COMMIT
   * take no lock and write nothing. */
  transactionOpen() {
    if (this.holds > 0) return true;
    if (!this.sqlDb) return false;
    try {
      this.sqlDb.run('BEGIN');
    } catch {
      return true;
    }
    this.sqlDb.run('COMMIT');
    return false;
  }

  /* Resolves at the next transaction boundary (afterWrite with none open). */
  nextBoundary() {
    if (!this.boundary) {
      let resolve;
      const promise = new Promise((r) => { resolve = r; });
      this.boundary = { promise, resolve };
    }
    return this.boundary.promise;
  }
}
