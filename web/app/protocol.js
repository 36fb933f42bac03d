/*
 * The page's side of the worker protocol, and the only module that talks
 * to the worker: call(op, args) returns a promise of the op's data,
 * rejected with an Error carrying the core's code, field, reason and
 * params (translated by i18n's errorText). Messages the worker sends on
 * its own ({event, ...}: storage status, another tab's commit) go to
 * onEvent. Every request carries the current actor, so the audit log
 * names who made a change.
 */
import { SqlDatabaseProxy } from './sqlproxy.js'; // sql.js-compatible API

export class WorkerClient {
  /* url: the worker script; name: its parameters ("db=genjin&…", the
   * worker reads self.name); onEvent(msg): the worker's own messages. */
  constructor(url, name, onEvent) {
    this.onEvent = onEvent || (() => {});
    this.actor = null;
    this.worker = new Worker(url, { type: 'module', name });
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
    if (msg.chunk) { // a part of an export's file, before its answer
      p.parts.push(new Blob([msg.chunk]));
      return;
    }
    if (msg.progress) { // a long op's progress (an import), not its answer
      if (p.onProgress) p.onProgress(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.data);
    else p.reject(errorFrom(msg.error));
  }

  call(op, args) {
    return this.callWithProgress(op, args, null);
  }

  /* call() for ops that report progress ({id, progress} messages before
   * the answer, e.g. "import.file"): onProgress(progress) gets each. */
  callWithProgress(op, args, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, op, args: args || {}, actor: this.actor || undefined });
    });
  }

  /* call() for ops that send a file in chunks ({id, chunk} messages
   * before the answer: "export.file"): resolves to a Blob of type `type`
   * made of the chunks, each a Blob part as it arrives, so the page never
   * holds the file as one string. */
  callBlob(op, args, type) {
    const id = this.nextId++;
    const parts = [];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: () => resolve(new Blob(parts, { type })), reject, parts });
      this.worker.postMessage({ id, op, args: args || {}, actor: this.actor || undefined });
    });
  }

  /* How many requests are waiting for their answer. */
  get inFlight() {
    return this.pending.size;
  }

  /* The sql.js-compatible API on the app's own database, as promises
   * (sqlproxy.js): const db = client.sqlDatabase(); await db.exec(sql). */
  sqlDatabase() {
    return new SqlDatabaseProxy(this);
  }
}

/* The worker's {code, message, field, reason, params, report} as an Error. */
export function errorFrom(e) {
  const err = new Error(e.message);
  err.code = e.code;
  err.field = e.field || null;
  err.reason = e.reason || null;
  err.params = e.params || {};
  err.report = e.report || null;
  return err;
}
