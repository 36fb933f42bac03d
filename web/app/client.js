/*
 * The page's side of the worker protocol: call(op, args) returns a promise
 * of the op's data, rejected with an Error carrying code and field.
 * Messages the worker sends on its own ({event, ...}: storage status,
 * another tab's commit) go to onEvent.
 */
import { SqlDatabaseProxy } from './sqlproxy.js'; // sql.js-compatible API

export class WorkerClient {
  constructor(url, onEvent) {
    this.onEvent = onEvent || (() => {});
    this.worker = new Worker(url);
    this.nextId = 1;
    this.pending = new Map();
    this.ready = new Promise((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.readyReject(new Error(event.message || 'the worker failed to start'));
  }

  receive(msg) {
    if (msg.event) {
      this.onEvent(msg);
      return;
    }
    if (msg.id === 0) {
      if (msg.status) this.onEvent({ event: 'status', status: msg.status });
      if (msg.ready) this.readyResolve();
      else this.readyReject(new Error(msg.error));
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.progress) { // a long op's progress (Data page import), not its answer
      if (p.onProgress) p.onProgress(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.data);
    else {
      const err = new Error(msg.error.message);
      err.code = msg.error.code;
      err.field = msg.error.field;
      p.reject(err);
    }
  }

  call(op, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args: args || {} });
    });
  }

  /* call() for ops that report progress ({id, progress} messages before
   * the answer, e.g. "import.file"): onProgress(progress) gets each. */
  callWithProgress(op, args, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, op, args: args || {} });
    });
  }

  /* The sql.js-compatible API on the app's own database, as promises
   * (sqlproxy.js): const db = client.sqlDatabase(); await db.exec(sql). */
  sqlDatabase() {
    return new SqlDatabaseProxy(this);
  }
}
