/*
 * The integrity check of a stored database, off the path to the first
 * query. PRAGMA integrity_check of 100 MB takes seconds; the worker that
 * owns the database answers reads meanwhile (writes wait, runtime.js), and
 * the check runs in a second worker: the same script started with the
 * name "role=check", its own WASM instance and a page store assembled from
 * the records read from IndexedDB (transferred, not copied). It answers
 * one message with the report and is then ended, which frees its memory.
 * Where a worker cannot start another, runtime.js checks in its own worker
 * before opening (the way every open worked before).
 */
import GenjinCore from '../engine/core.js';
import { GenjinPersist } from './persist.js';

export const GenjinCheck = {
  /* Whether this worker can start the second one. */
  available: () => typeof Worker !== 'undefined',

  /*
   * Checks stored (GenjinPersist.read's result; its buffers are
   * transferred, unusable here afterwards). Returns {report, cancel}:
   * report resolves to "ok" or the problems found; cancel() ends the
   * check. inline() is the check in this worker, used when the second
   * worker fails.
   */
  start(stored, inline) {
    let worker = null;
    const report = new Promise((resolve) => {
      worker = new Worker(self.location.href, { type: 'module', name: 'role=check' });
      worker.onmessage = (e) => resolve(e.data.report);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve(null);
      };
      worker.postMessage({ stored }, GenjinPersist.buffers(stored));
    }).then((r) => {
      worker.terminate();
      return typeof r === 'string' ? r : inline(); // the second worker failed: check here
    });
    return { report, cancel: () => worker.terminate() };
  },

  /* The second worker's side: loadModule() resolves to the WASM module. */
  serve(loadModule) {
    self.onmessage = async (e) => {
      let report;
      try {
        const m = await loadModule();
        const path = 'genjin-mem:check';
        const pages = new GenjinCore.Pages(m, path);
        GenjinPersist.assemble(e.data.stored, (p, bytes) => pages.load(p, bytes));
        report = GenjinCore.checkDatabase(m, path);
      } catch (err) {
        report = null; // the owner checks in its own worker instead
      }
      self.postMessage({ report });
    };
  },
};
