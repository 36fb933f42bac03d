/*
 * The IndexedDB side of the page store (worker only, loaded with
 * importScripts). One IndexedDB database per Genjin database, "genjin:<name>":
 *   pages  page bytes (ArrayBuffer) keyed by page number (1-based)
 *   meta   one record, key "meta": {txn, pageCount, pageSize, owner}
 *   log    the last LOG_KEEP commits {txn, base, pages, pageCount, pageSize},
 *          so another tab can catch up by reading only what changed.
 *
 * Every commit is one readwrite transaction that first checks meta.txn and
 * meta.owner (compare-and-swap): a tab whose base is stale, or which lost
 * ownership to another tab, aborts instead of overwriting newer pages.
 * Commits ask for strict durability: "flush resolved" must mean on disk.
 */
/* exported GenjinPersist */
export const GenjinPersist = (() => {
  const LOG_KEEP = 64;
  const CHUNK = 512; // pages per getAll while loading: bounded memory per request

  /* The compare-and-swap failed: another tab owns or changed the database. */
  class ConflictError extends Error {
    constructor(message) {
      super(message);
      this.name = 'ConflictError';
    }
  }

  const EMPTY_META = { txn: 0, pageCount: 0, pageSize: 0, owner: null };

  function promised(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function done(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error || new Error('the IndexedDB transaction was aborted'));
    });
  }

  function open(name) {
    const request = indexedDB.open(`genjin:${name}`, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('pages');
      db.createObjectStore('meta');
      db.createObjectStore('log', { keyPath: 'txn' });
    };
    request.onblocked = () => {}; // only one version exists so far
    return promised(request);
  }

  /* Makes `owner` the only tab whose commits are accepted from now on;
   * returns the meta it found. */
  async function claim(db, owner) {
    const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
    const store = tx.objectStore('meta');
    const meta = (await promised(store.get('meta'))) || EMPTY_META;
    store.put({ ...meta, owner }, 'meta');
    await done(tx);
    return { ...meta, owner };
  }

  /* Loads every page into `pages` (a core.js Pages); returns the meta. A
   * missing page is an error, never a silently shorter database. */
  async function loadAll(db, pages) {
    const tx = db.transaction(['meta', 'pages'], 'readonly');
    const finished = done(tx);
    const meta = (await promised(tx.objectStore('meta').get('meta'))) || EMPTY_META;
    const store = tx.objectStore('pages');
    const chunks = [];
    for (let lo = 1; lo <= meta.pageCount; lo += CHUNK) {
      const hi = Math.min(lo + CHUNK - 1, meta.pageCount);
      chunks.push(promised(store.getAll(IDBKeyRange.bound(lo, hi))).then((values) => {
        if (values.length !== hi - lo + 1) {
          throw new Error(`the stored database is incomplete: pages ${lo}–${hi} hold ${values.length} of ${hi - lo + 1}`);
        }
        values.forEach((value, i) => pages.load(lo + i, new Uint8Array(value)));
      }));
    }
    await Promise.all(chunks);
    await finished;
    pages.setTxn(meta.txn);
    return meta;
  }

  /*
   * Runs write(meta, tx) in ONE strict readwrite transaction over pages,
   * meta and log, after checking that meta.owner is still `owner`
   * (compare-and-swap). Resolves to what write returned once the
   * transaction is complete; rejects with ConflictError (or whatever write
   * threw: nothing is written) or the IndexedDB error.
   */
  function ownedWrite(db, owner, write) {
    const tx = db.transaction(['pages', 'meta', 'log'], 'readwrite', { durability: 'strict' });
    let failure = null;
    let result;
    const fail = (e) => {
      failure = failure || e;
      try { tx.abort(); } catch { /* already finishing */ }
    };
    const read = tx.objectStore('meta').get('meta');
    read.onsuccess = () => {
      try {
        const meta = read.result || EMPTY_META;
        if (meta.owner !== owner) throw new ConflictError('another tab has taken over this database');
        result = write(meta, tx);
      } catch (e) {
        fail(e); // a put can throw synchronously (DataCloneError, a stub)
      }
    };
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(result);
      tx.onabort = () => reject(failure || tx.error || new Error('the IndexedDB transaction was aborted'));
    });
  }

  /*
   * Persists snap = {base, txn, pageSize, pageCount, pages: [[pgno, bytes]]}
   * if meta still says {txn: base, owner}. Rejects with ConflictError when
   * it does not (nothing is written), or with the IndexedDB error.
   */
  function commit(db, snap, owner) {
    return ownedWrite(db, owner, (meta, tx) => {
      if (meta.txn !== snap.base) {
        throw new ConflictError(`the stored database is at transaction ${meta.txn}, not ${snap.base}`);
      }
      const pageStore = tx.objectStore('pages');
      for (const [pgno, bytes] of snap.pages) pageStore.put(bytes.buffer, pgno);
      if (snap.pageCount < meta.pageCount) pageStore.delete(IDBKeyRange.lowerBound(snap.pageCount + 1));
      tx.objectStore('meta').put({ txn: snap.txn, pageCount: snap.pageCount, pageSize: snap.pageSize, owner }, 'meta');
      const log = tx.objectStore('log');
      log.put({ txn: snap.txn, base: snap.base, pages: snap.pages.map(([pgno]) => pgno),
        pageCount: snap.pageCount, pageSize: snap.pageSize });
      if (snap.txn > LOG_KEEP) log.delete(IDBKeyRange.upperBound(snap.txn - LOG_KEEP));
    });
  }

  /*
   * What changed after transaction `txn`, from the log: {meta, pages:
   * [[pgno, bytes]]}, or null when the log no longer covers it (or the
   * page size changed) and the caller must load everything.
   */
  async function changesSince(db, txn, pageSize) {
    const tx = db.transaction(['meta', 'pages', 'log'], 'readonly');
    const finished = done(tx);
    const meta = (await promised(tx.objectStore('meta').get('meta'))) || EMPTY_META;
    if (meta.txn === txn) { await finished; return { meta, pages: [] }; }
    const entries = await promised(tx.objectStore('log').getAll(IDBKeyRange.lowerBound(txn, true)));
    let at = txn;
    const wanted = new Set();
    for (const e of entries) {
      if (e.base !== at || e.pageSize !== pageSize) break;
      e.pages.forEach((p) => wanted.add(p));
      at = e.txn;
    }
    if (at !== meta.txn || meta.pageSize !== pageSize) { await finished; return null; }
    const store = tx.objectStore('pages');
    const list = [...wanted].filter((p) => p <= meta.pageCount).sort((a, b) => a - b);
    const values = await Promise.all(list.map((p) => promised(store.get(p))));
    await finished;
    if (values.some((v) => !v)) return null;
    return { meta, pages: list.map((p, i) => [p, new Uint8Array(values[i])]) };
  }

  /* --- Restore from a file (Data page, web/app/runtime.js restoreBytes) --- */

  /*
   * Replaces the whole stored database with snap = {pageSize, pageCount,
   * pages: [[pgno, bytes]]} in ONE readwrite transaction, if `owner` still
   * owns it: every old page and the log go, meta moves to a new txn (so a
   * passive tab, finding no log entry for it, reloads everything). Resolves
   * to the new meta; rejects with ConflictError (nothing written) or the
   * IndexedDB error (the transaction aborts: the old database stays).
   */
  function replaceAll(db, snap, owner) {
    return ownedWrite(db, owner, (old, tx) => {
      const pageStore = tx.objectStore('pages');
      pageStore.clear();
      for (const [pgno, bytes] of snap.pages) pageStore.put(bytes.buffer, pgno);
      const meta = { txn: old.txn + 1, pageCount: snap.pageCount, pageSize: snap.pageSize, owner };
      tx.objectStore('meta').put(meta, 'meta');
      tx.objectStore('log').clear();
      return meta;
    });
  }

  return { open, claim, loadAll, commit, changesSince, replaceAll, ConflictError };
})();
