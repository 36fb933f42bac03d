/*
 * The IndexedDB side of the page store (worker only). One IndexedDB
 * database per Genjin database, "genjin:<name>", version 2:
 *   chunks  runs of CHUNK_BYTES of consecutive pages (ArrayBuffer), keyed by
 *           chunk number c (0-based: pages c*K+1 .. c*K+K, K = meta.chunkPages)
 *   pages   single pages (ArrayBuffer) keyed by page number (1-based): what
 *           commits changed since their chunk was last written; a page here
 *           is newer than its copy in the chunk
 *   meta    one record, key "meta": {txn, pageCount, pageSize, owner, chunkPages}
 *   log     the last LOG_KEEP commits {txn, base, pages, pageCount, pageSize},
 *           so another tab can catch up by reading only what changed.
 *
 * Why two stores: reading 100 MB as 25,000 page records takes about a
 * second in Chromium, as 1 MiB records a third of that; but a one-row
 * commit must stay a few pages. So a commit writes its pages one by one,
 * and once FOLD pages of a chunk are stored one by one (or the commit
 * changed that many), the commit writes the whole chunk instead and drops
 * its single pages. Version 1 stores (every page one by one, no chunks)
 * open unchanged; their chunks are written as they are folded.
 *
 * Every commit is one readwrite transaction that first checks meta.txn and
 * meta.owner (compare-and-swap): a tab whose base is stale, or which lost
 * ownership to another tab, aborts instead of overwriting newer pages.
 * Commits ask for strict durability: "flush resolved" must mean on disk.
 */
/* exported GenjinPersist */
export const GenjinPersist = (() => {
  const VERSION = 2;
  const LOG_KEEP = 64;
  const CHUNK_BYTES = 1 << 20;
  const FOLD = 32;    // single pages of one chunk that make the commit write the chunk
  const BATCH = 512;  // records per getAll while loading: bounded memory per request

  /* The compare-and-swap failed: another tab owns or changed the database. */
  class ConflictError extends Error {
    constructor(message) {
      super(message);
      this.name = 'ConflictError';
    }
  }

  const EMPTY_META = { txn: 0, pageCount: 0, pageSize: 0, owner: null };

  /* Pages per chunk at this page size (what new chunks are cut to). */
  const chunkPagesFor = (pageSize) => Math.max(1, Math.floor(CHUNK_BYTES / (pageSize || 4096)));

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
    const request = indexedDB.open(`genjin:${name}`, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of ['pages', 'meta', 'chunks']) {
        if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
      }
      if (!db.objectStoreNames.contains('log')) db.createObjectStore('log', { keyPath: 'txn' });
    };
    // A tab of an older version holds the database open; the upgrade
    // proceeds once that tab reloads (the service worker moves every tab
    // to the new version together).
    request.onblocked = () => {};
    return promised(request).then((db) => {
      db.onversionchange = () => db.close(); // let a newer version upgrade
      return db;
    });
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

  /* Every record of `store` with key in [lo, hi] as [key, value] pairs, in
   * requests of at most BATCH records. */
  async function readRange(store, lo, hi) {
    const keys = await promised(store.getAllKeys(IDBKeyRange.bound(lo, hi)));
    const parts = [];
    for (let i = 0; i < keys.length; i += BATCH) {
      const part = keys.slice(i, i + BATCH);
      parts.push(promised(store.getAll(IDBKeyRange.bound(part[0], part[part.length - 1])))
        .then((values) => part.map((k, j) => [k, values[j]])));
    }
    return (await Promise.all(parts)).flat();
  }

  /* What is stored, in one read transaction: {meta, chunks: [[c, bytes]],
   * pages: [[pgno, bytes]]} (ArrayBuffers), for assemble(). */
  async function read(db) {
    const tx = db.transaction(['meta', 'chunks', 'pages'], 'readonly');
    const finished = done(tx);
    const meta = (await promised(tx.objectStore('meta').get('meta'))) || EMPTY_META;
    const max = meta.pageCount || 0;
    const [chunks, pages] = await Promise.all([
      max ? readRange(tx.objectStore('chunks'), 0, max) : [],
      max ? readRange(tx.objectStore('pages'), 1, max) : [],
    ]);
    await finished;
    return { meta, chunks, pages };
  }

  /*
   * Calls load(pgno, bytes) (a Uint8Array) once for every page 1..pageCount
   * of stored (read()'s result): the single page where there is one, else
   * the chunk's copy. Returns the page numbers stored one by one. Throws
   * when a page is missing: never a silently shorter database.
   */
  function assemble(stored, load) {
    const { meta } = stored;
    const n = meta.pageCount;
    const size = meta.pageSize;
    const per = meta.chunkPages || chunkPagesFor(size);
    const have = new Uint8Array(n + 1);
    const single = [];
    for (const [pgno, value] of stored.pages) {
      if (pgno > n) continue;
      if (value.byteLength !== size) throw new Error(`the stored page ${pgno} holds ${value.byteLength} bytes, not ${size}`);
      load(pgno, new Uint8Array(value));
      have[pgno] = 1;
      single.push(pgno);
    }
    for (const [c, value] of stored.chunks) {
      if (value.byteLength % size) throw new Error(`the stored chunk ${c} holds ${value.byteLength} bytes, not whole pages of ${size}`);
      const first = c * per + 1;
      const count = Math.min(value.byteLength / size, per, n - first + 1);
      for (let i = 0; i < count; i++) {
        if (!have[first + i]) {
          load(first + i, new Uint8Array(value, i * size, size));
          have[first + i] = 1;
        }
      }
    }
    for (let p = 1; p <= n; p++) {
      if (!have[p]) throw new Error(`the stored database is incomplete: page ${p} of ${n} is missing`);
    }
    return single;
  }

  /* Every ArrayBuffer of stored: what can be transferred once loaded. */
  const buffers = (stored) => [...stored.chunks, ...stored.pages].map(([, v]) => v);

  /*
   * Runs write(tx) in ONE strict readwrite transaction over every store
   * right away, and aborts it unless meta then says {owner, txn: base}
   * (requests of one transaction run in order, so the check comes first
   * and an abort undoes every put). Resolves to what write returned once
   * the transaction is complete; rejects with ConflictError (or whatever
   * write threw: nothing is written) or the IndexedDB error.
   */
  function ownedWrite(db, owner, base, write) {
    const tx = db.transaction(['pages', 'meta', 'log', 'chunks'], 'readwrite', { durability: 'strict' });
    let failure = null;
    let result;
    const fail = (e) => {
      failure = failure || e;
      try { tx.abort(); } catch { /* already finishing */ }
    };
    const read = tx.objectStore('meta').get('meta');
    read.onsuccess = () => {
      const meta = read.result || EMPTY_META;
      if (meta.owner !== owner) fail(new ConflictError('another tab has taken over this database'));
      else if (base !== null && meta.txn !== base) {
        fail(new ConflictError(`the stored database is at transaction ${meta.txn}, not ${base}`));
      }
    };
    try {
      result = write(tx);
    } catch (e) {
      fail(e); // a put can throw synchronously (DataCloneError, a stub)
    }
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(result);
      tx.onabort = () => reject(failure || tx.error || new Error('the IndexedDB transaction was aborted'));
    });
  }

  /*
   * Persists snap = {base, txn, pageSize, pageCount, pages: [[pgno, bytes]],
   * chunks: [[c, bytes]], stored: {pageCount, pageSize}} (stored: what
   * meta says at base) if meta still says {txn: base, owner}: the single
   * pages, then each chunk in place of the single pages it covers.
   * Rejects with ConflictError when it does not (nothing is written), or
   * with the IndexedDB error.
   */
  function commit(db, snap, owner) {
    return ownedWrite(db, owner, snap.base, (tx) => {
      const pageStore = tx.objectStore('pages');
      const chunkStore = tx.objectStore('chunks');
      const per = chunkPagesFor(snap.pageSize);
      if (snap.stored.pageSize && snap.pageSize !== snap.stored.pageSize) chunkStore.clear();
      for (const [pgno, bytes] of snap.pages) pageStore.put(bytes.buffer, pgno);
      for (const [c, bytes] of snap.chunks) {
        chunkStore.put(bytes.buffer, c);
        pageStore.delete(IDBKeyRange.bound(c * per + 1, c * per + per));
      }
      if (snap.pageCount < snap.stored.pageCount) {
        pageStore.delete(IDBKeyRange.lowerBound(snap.pageCount + 1));
        chunkStore.delete(IDBKeyRange.lowerBound(Math.ceil(snap.pageCount / per)));
      }
      tx.objectStore('meta').put({ txn: snap.txn, pageCount: snap.pageCount, pageSize: snap.pageSize, owner, chunkPages: per }, 'meta');
      if (snap.txn === snap.base) return; // only folded: no new transaction to log
      const log = tx.objectStore('log');
      log.put({ txn: snap.txn, base: snap.base, pages: snap.changed,
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
    const tx = db.transaction(['meta', 'pages', 'chunks', 'log'], 'readonly');
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
    const list = [...wanted].filter((p) => p <= meta.pageCount).sort((a, b) => a - b);
    const store = tx.objectStore('pages');
    const values = await Promise.all(list.map((p) => promised(store.get(p))));
    // A page folded into its chunk since: read it from there.
    const per = meta.chunkPages || chunkPagesFor(meta.pageSize);
    const chunkNos = [...new Set(list.filter((p, i) => !values[i]).map((p) => Math.floor((p - 1) / per)))];
    const chunkStore = tx.objectStore('chunks');
    const chunks = new Map(await Promise.all(chunkNos.map(async (c) => [c, await promised(chunkStore.get(c))])));
    await finished;
    const pages = [];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (values[i]) { pages.push([p, new Uint8Array(values[i])]); continue; }
      const chunk = chunks.get(Math.floor((p - 1) / per));
      const at = ((p - 1) % per) * pageSize;
      if (!chunk || chunk.byteLength < at + pageSize) return null;
      pages.push([p, new Uint8Array(chunk, at, pageSize)]);
    }
    return { meta, pages };
  }

  /* --- Restore from a file (Data page, web/app/runtime.js restoreBytes) --- */

  /*
   * Replaces the whole stored database with snap = {pageSize, pageCount,
   * chunks: [[c, bytes]]} in ONE readwrite transaction, if `owner` still
   * owns it: every old page and the log go, meta moves to txn + 1 (so a
   * passive tab, finding no log entry for it, reloads everything). Resolves
   * to the new meta; rejects with ConflictError (nothing written) or the
   * IndexedDB error (the transaction aborts: the old database stays).
   */
  function replaceAll(db, snap, owner, txn) {
    return ownedWrite(db, owner, txn, (tx) => {
      tx.objectStore('pages').clear();
      const chunkStore = tx.objectStore('chunks');
      chunkStore.clear();
      for (const [c, bytes] of snap.chunks) chunkStore.put(bytes.buffer, c);
      const meta = { txn: txn + 1, pageCount: snap.pageCount, pageSize: snap.pageSize, owner,
        chunkPages: chunkPagesFor(snap.pageSize) };
      tx.objectStore('meta').put(meta, 'meta');
      tx.objectStore('log').clear();
      return meta;
    });
  }

  return { open, claim, read, assemble, buffers, commit, changesSince, replaceAll, chunkPagesFor, FOLD, ConflictError };
})();
