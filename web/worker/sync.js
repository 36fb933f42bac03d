/*
 * Team sync in the worker: the ops the Team sync settings call, around
 * the sync engine (web/sync/engine.js) and the core's sync.* ops.
 *
 * The team key is derived once from the passphrase (half a second of
 * PBKDF2) and kept in this browser as a non-extractable CryptoKey, in its
 * own IndexedDB database "genjin-sync:<name>"; the passphrase itself is
 * not kept. The folder URL, user and password come with each request
 * from the page (kept in this browser's localStorage), so the worker keeps
 * no credentials.
 *
 *   sync.keyState                      → {team, key_id} or {team: null}
 *   sync.unlock {passphrase, url?, user?, password?, team?}
 *                                      → {team, key_id}; with a folder: its team.json;
 *                                        turns on the core's capture (sync.enable)
 *   sync.forget                        → {team: null}
 *   sync.run {url, user, password}     → the engine's run() answer
 *   sync.exportFile {since}            → {bytes, name, count, first_seq, last_seq}
 *   sync.importFile {file, passphrase?} → the core's sync.import answer; a
 *                                        browser with no team key yet joins the file's team
 */
import { SyncEngine, joinFolder } from '../sync/engine.js';
import { WebDavTransport } from '../sync/webdav.js';
import { deriveTeamKey, readHeader, hex, unhex, newTeamId } from '../sync/crypto.js';
import { SyncError } from '../sync/errors.js';

export class WorkerSync {
  /* runtime: GenjinRuntime (its call() runs core ops); name: the database. */
  constructor(runtime, name) {
    this.runtime = runtime;
    this.dbName = `genjin-sync:${name}`;
    this.team = undefined; // loaded on first use
    this.running = null;
  }

  ops() {
    return {
      'sync.keyState': () => this.keyState(),
      'sync.unlock': (a) => this.unlock(a),
      'sync.forget': () => this.forget(),
      'sync.run': (a, actor) => this.run(a, actor),
      'sync.exportFile': (a, actor) => this.engine(actor).then((e) => e.exportFile(Number(a.since) || 0)),
      'sync.importFile': (a, actor) => this.importFile(a, actor),
    };
  }

  async keyState() {
    const team = await this.loadTeam();
    return team ? { team: hex(team.teamId), key_id: hex(team.keyId) } : { team: null };
  }

  async unlock({ passphrase, url, user, password, team }) {
    const known = await this.loadTeam();
    let key;
    if (url) {
      key = await joinFolder(new WebDavTransport({ url, user, password }), passphrase, known);
    } else {
      const teamId = team ? unhex(team) : known ? known.teamId : newTeamId();
      key = await deriveTeamKey(passphrase, teamId);
      if (known && hex(known.teamId) === hex(teamId) && hex(known.keyId) !== hex(key.keyId)) {
        throw new SyncError('invalid', 'sync_wrong_passphrase', 'the passphrase is not the team\'s', {});
      }
    }
    await this.saveTeam(key);
    this.enableCapture();
    return { team: hex(key.teamId), key_id: hex(key.keyId) };
  }

  /* From joining on, every write is captured for the team (the core's
   * sync.enable; a core without sync ops answers unknown_op). */
  enableCapture() {
    try {
      this.runtime.call('sync.enable', {});
    } catch (e) {
      if (e.reason !== 'unknown_op') throw e;
    }
  }

  async forget() {
    await this.store('readwrite', (s) => s.delete('team'));
    this.team = null;
    return { team: null };
  }

  /* One sync at a time: a timer's sync and "sync now" share the run. */
  run(args, actor) {
    if (!this.running) {
      this.running = (async () => {
        const engine = await this.engine(actor);
        return engine.run(new WebDavTransport({ url: args.url, user: args.user, password: args.password }));
      })().finally(() => { this.running = null; });
    }
    return this.running;
  }

  async importFile({ file, passphrase }, actor) {
    if (!file || typeof file.arrayBuffer !== 'function') {
      throw new SyncError('invalid', 'sync_no_file', 'choose a .gjc file', {});
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!(await this.loadTeam())) {
      const h = readHeader(bytes, file.name);
      if (!passphrase) throw new SyncError('invalid', 'sync_locked', 'the team passphrase is needed first', {});
      await this.saveTeam(await deriveTeamKey(passphrase, h.teamId));
      this.enableCapture();
    }
    return (await this.engine(actor)).importFile(bytes, file.name);
  }

  async engine(actor) {
    const team = await this.loadTeam();
    if (!team) throw new SyncError('invalid', 'sync_locked', 'the team passphrase is needed first', {});
    return new SyncEngine({ call: (op, args) => this.runtime.call(op, args, actor), team });
  }

  async loadTeam() {
    if (this.team === undefined) this.team = (await this.store('readonly', (s) => s.get('team'))) || null;
    return this.team;
  }

  async saveTeam(team) {
    await this.store('readwrite', (s) => s.put(team, 'team'));
    this.team = team;
  }

  /* One request on the key store; resolves with its result once the
   * transaction is complete (a saved key survives a crash). */
  store(mode, fn) {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('keys');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('keys', mode);
        const r = fn(tx.objectStore('keys'));
        tx.oncomplete = () => { db.close(); resolve(r.result); };
        tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
      };
    });
  }
}
