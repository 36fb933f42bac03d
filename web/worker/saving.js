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
 * Uses the runtime's role, pages, idb, owner, sqlDb, durableTxn, stored
 * (what meta says: pageCount, pageSize), single (the page numbers stored
 * one by one, persist.js), saveError, channel, postStatus() and lostLock().
 */
import GenjinCore from '../engine/core.js';
import { GenjinPersist } from './persist.js';

const FOLD_STEP = 4; // chunks per IndexedDB transaction when only folding

/* An error of the storage (not of the request), with the reason key and
 * params the page shows in its language (i18n errorText). */
export function storageError(code, message, reason, params) {
  const e = new GenjinCore.GenjinError(code, message);
  e.reason = reason;
  e.params = params || null;
  return e;
}

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
    while (this.role === 'owner' && this.pages === pages && !this.checkRun && !this.transactionOpen()) {
      const snap = this.snapshot(pages);
      if (!snap) break;
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
      this.stored = { pageCount: snap.pageCount, pageSize: snap.pageSize };
      for (const [p] of snap.pages) this.single.add(p);
      for (const [c] of snap.chunks) this.dropSingles(c, snap.per);
      if (snap.pageCount < snap.stored.pageCount) this.dropSingles(-1, 0, snap.pageCount);
      this.durableTxn = snap.txn;
      this.commits++;
      this.bytesWritten += snap.pages.length * snap.pageSize + snap.chunks.reduce((n, [, b]) => n + b.length, 0);
      this.saveError = null;
      this.channel.postMessage({ txn: snap.txn });
      this.postStatus();
    }
  }

  /*
   * What the next commit writes (persist.js commit): the dirty pages one
   * by one, except in a chunk where the dirty pages and those already
   * stored one by one reach FOLD: that chunk goes whole (clean pages in
   * memory are what is stored, dirty ones what was committed).
   */
  snapshot(pages) {
    const size = pages.pageSize;
    const count = pages.count;
    const per = GenjinPersist.chunkPagesFor(size);
    const dirty = pages.txn > pages.baseTxn ? pages.dirty() : [];
    const resized = this.stored.pageSize && this.stored.pageSize !== size;
    const byChunk = new Map();
    for (const p of dirty) {
      const c = Math.floor((p - 1) / per);
      byChunk.set(c, (byChunk.get(c) || 0) + 1);
    }
    const singles = new Map();
    for (const p of resized ? [] : this.single) {
      const c = Math.floor((p - 1) / per);
      if (p <= count) singles.set(c, (singles.get(c) || 0) + 1);
    }
    let whole;
    if (pages.txn > pages.baseTxn) {
      for (const [c, n] of byChunk) byChunk.set(c, n + (singles.get(c) || 0));
      whole = new Set([...byChunk].filter(([, n]) => n >= GenjinPersist.FOLD).map(([c]) => c));
    } else {
      // Nothing committed: fold a few chunks of an older store, whose
      // pages are all stored one by one, so it opens as fast as a new one.
      whole = new Set([...singles].filter(([, n]) => n >= GenjinPersist.FOLD).slice(0, FOLD_STEP).map(([c]) => c));
      if (!whole.size) return null;
    }
    const chunks = [...whole].sort((a, b) => a - b).map((c) => {
      const first = c * per + 1;
      const last = Math.min(count, first + per - 1);
      const bytes = new Uint8Array((last - first + 1) * size);
      for (let p = first; p <= last; p++) bytes.set(pages.view(p), (p - first) * size);
      return [c, bytes];
    });
    return {
      base: pages.baseTxn, txn: pages.txn, pageSize: size, pageCount: count, per,
      stored: { ...this.stored }, changed: dirty, chunks,
      pages: dirty.filter((p) => !whole.has(Math.floor((p - 1) / per))).map((p) => [p, pages.page(p)]),
    };
  }

  /* Forgets the single pages of chunk c (per pages), or those above `above`. */
  dropSingles(c, per, above) {
    for (const p of this.single) {
      if (above !== undefined ? p > above : Math.floor((p - 1) / per) === c) this.single.delete(p);
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
      if (this.role !== 'owner') throw storageError('conflict', 'another tab took over before the data was saved', 'taken_over');
      if (this.saveError) {
        throw storageError('io', `保存失败 Saving failed: ${this.saveError}`, 'save_failed', { error: this.saveError });
      }
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
    try {
      this.sqlDb.run('COMMIT');
    } catch {
      this.sqlDb.run('ROLLBACK'); // never leave the probe's own transaction open
    }
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
