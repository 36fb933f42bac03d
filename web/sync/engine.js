/*
 * The sync engine: moves this replica's changesets out and everyone
 * else's in, using the core's sync.* ops (docs/sync.md, "Core
 * operations") for everything that touches the database and crypto.js
 * for everything that leaves it. It holds no state of its own: what was
 * pushed and applied is the core's (sync.status), so a sync cut off at any
 * point is simply run again.
 *
 *   push: sync.outbox since pushed_seq → pack up to 200 records a file →
 *         seal → publish changes/<device>/<last seq>.gjc → sync.pushed
 *   pull: list changes/<other device>/ past what sync.status says was
 *         applied → get → open (refusing bad files) → sync.apply; records
 *         the core reports pending (they need a change not here yet) are
 *         offered again while the round makes progress
 *
 * call(op, args) runs a core op and returns its data (or a promise of it).
 */
import { seal, open, readHeader, hex, unhex, newTeamId, deriveTeamKey } from './crypto.js';
import { publish } from './transport.js';
import { SyncError, refused } from './errors.js';

const FILE_RE = /^([1-9][0-9]{0,15})\.gjc$/;
const DEVICE_RE = /^[A-Za-z0-9_-]{1,64}$/;
const OUTBOX_LIMIT = 500;
const PACK_RECORDS = 200; // records in one changes/ file
const PACK_BYTES = 512 * 1024;
const MAGIC = 'GJC1'; // of the core's plaintext framing (docs/sync.md)
const APPLY_BATCH = 200;
const DOWNLOADS = 6; // requests in flight while pulling
export const TEAM_FILE = 'team.json';

export class SyncEngine {
  /* call: the core; team: {teamId, keyId, key} (crypto.js deriveTeamKey). */
  constructor({ call, team }) {
    this.call = async (op, args) => call(op, args);
    this.team = team;
  }

  /* Uploads every changeset not pushed yet, packed into files of up to
   * PACK_RECORDS records (PACK_BYTES of plaintext), each named for its
   * last sequence number: {pushed (records), files, seq}. A file already
   * in the folder under its name (an upload whose sync.pushed was lost)
   * counts as pushed: its records are the same. */
  async push(transport) {
    let { pushed_seq: since, device } = await this.call('sync.status', {});
    let pushed = 0;
    let files = 0;
    for (;;) {
      const box = await this.call('sync.outbox', { since, limit: OUTBOX_LIMIT });
      if (!box.changes.length) break;
      for (const pack of packs(box.changes)) {
        const first = pack[0].seq;
        const last = pack[pack.length - 1].seq;
        const payload = joinRecords(pack.map((ch) => fromBase64(ch.file)));
        const bytes = await seal(this.team, { kind: 'changes', device, first, seq: last, payload });
        try {
          await publish(transport, `changes/${device}/${last}.gjc`, bytes);
        } catch (e) {
          if (e.reason !== 'sync_exists') throw e;
        }
        await this.call('sync.pushed', { seq: last });
        since = last;
        pushed += pack.length;
        files++;
      }
    }
    return { pushed, files, seq: since };
  }

  /* Downloads and applies teammates' new files: {applied, duplicate,
   * pending, refused: [{file, reason, params, message}], conflicts}. A
   * refused file stops its device's later files (they would apply out of
   * order); other devices go on. */
  async pull(transport) {
    const status = await this.call('sync.status', {});
    const done = Object.fromEntries((status.peers || []).map((p) => [p.device, p.seq]));
    const devices = (await transport.list('changes')).filter((e) => e.dir && e.name !== status.device && DEVICE_RE.test(e.name));
    const wanted = [];
    for (const { name: device } of devices) {
      const seqs = (await transport.list(`changes/${device}`))
        .map((e) => !e.dir && FILE_RE.exec(e.name)).filter(Boolean).map((m) => Number(m[1]))
        .filter((seq) => seq > (done[device] || 0)).sort((a, b) => a - b);
      for (const seq of seqs) wanted.push({ device, seq, path: `changes/${device}/${seq}.gjc` });
    }
    const refusedFiles = [];
    const opened = await pool(wanted, DOWNLOADS, async (w) => {
      try {
        const bytes = await transport.get(w.path);
        const { payload } = await open(this.team, bytes, { kind: 'changes', device: w.device, seq: w.seq, applied: done[w.device] || 0 }, w.path);
        return { ...w, file: toBase64(payload) };
      } catch (e) {
        if (!e.reason || e.code === 'io') throw e; // the folder is unreachable: the whole sync fails
        refusedFiles.push({ file: w.path, reason: e.reason, params: e.params, message: e.message });
        return { ...w, refused: true };
      }
    });
    // Only the files before a device's first refused one.
    const firstBad = {};
    for (const o of opened) if (o.refused && !(o.device in firstBad)) firstBad[o.device] = o.seq;
    const good = opened.filter((o) => !o.refused && !(o.device in firstBad && o.seq > firstBad[o.device]));
    const result = await this.applyAll(good);
    return { ...result, refused: refusedFiles, devices: devices.length };
  }

  /* sync.apply in batches, offering pending records again while a round
   * applies something. */
  async applyAll(files) {
    const out = { applied: 0, duplicate: 0, pending: 0, conflicts: 0 };
    let todo = files;
    while (todo.length) {
      const key = (d, s) => `${d}/${s}`;
      const pending = new Set();
      let progress = 0;
      for (let i = 0; i < todo.length; i += APPLY_BATCH) {
        const batch = todo.slice(i, i + APPLY_BATCH);
        const r = await this.call('sync.apply', { files: batch.map((f) => f.file) });
        progress += r.applied.length;
        out.applied += r.applied.length;
        out.duplicate += r.duplicate.length;
        out.conflicts += r.conflicts || 0;
        for (const p of r.pending) pending.add(key(p.device, p.seq));
      }
      todo = todo.filter((f) => pending.has(key(f.device, f.seq)));
      if (!progress) break;
    }
    out.pending = todo.length;
    return out;
  }

  /* Push, then pull: what each did and when ({at} in ms). */
  async run(transport) {
    const push = await this.push(transport);
    const pull = await this.pull(transport);
    return { ...pull, pushed: push.pushed, at: Date.now() };
  }

  /* "Export my changes since X": {bytes, name, count, first_seq,
   * last_seq}; no bytes when there is nothing after `since`. */
  async exportFile(since = 0) {
    const x = await this.call('sync.export', { since });
    if (!x.count) return { count: 0, first_seq: x.first_seq, last_seq: x.last_seq, bytes: null, name: null };
    const bytes = await seal(this.team, { kind: 'export', device: x.device, first: x.first_seq, seq: x.last_seq, payload: fromBase64(x.file) });
    return { bytes, name: `genjin-${x.device}-${x.first_seq}-${x.last_seq}.gjc`, count: x.count, first_seq: x.first_seq, last_seq: x.last_seq };
  }

  /* Applies a teammate's exported file (or one changes/ file): the core's
   * sync.import answer. A file whose changes are all applied already is
   * refused as replayed; nothing of a refused file is applied. */
  async importFile(bytes, name) {
    const h = readHeader(bytes, name);
    const status = await this.call('sync.status', {});
    const applied = h.device === status.device ? status.seq
      : ((status.peers || []).find((p) => p.device === h.device) || { seq: 0 }).seq;
    if (h.kind === 'snapshot') throw refused('sync_misplaced', `${name} is a snapshot, not changes`, { file: name || '' });
    const { payload } = await open(this.team, bytes, { applied }, name);
    return this.call('sync.import', { file: toBase64(payload) });
  }
}

/* The team key for a folder: reads team.json at its root (made, put if
 * absent, by the first device to sync) and derives the key from the
 * passphrase; a key id that differs from the folder's is a wrong
 * passphrase. known: the team this browser already belongs to, if any
 * ({teamId}); a folder of another team is refused. */
export async function joinFolder(transport, passphrase, known, iterations) {
  let info = await readTeamFile(transport);
  if (!info) {
    const teamId = known ? known.teamId : newTeamId();
    const team = await deriveTeamKey(passphrase, teamId, iterations);
    const body = new TextEncoder().encode(JSON.stringify({ version: 1, salt: hex(teamId), key_id: hex(team.keyId) }));
    try {
      await publish(transport, TEAM_FILE, body);
      return team;
    } catch (e) {
      if (e.reason !== 'sync_exists') throw e;
      info = await readTeamFile(transport); // another device made it first
    }
  }
  if (known && hex(known.teamId) !== info.salt) {
    throw refused('sync_other_team', 'the folder belongs to another team', { file: TEAM_FILE, team: info.salt });
  }
  const team = await deriveTeamKey(passphrase, unhex(info.salt), iterations);
  if (info.key_id && hex(team.keyId) !== info.key_id) {
    throw refused('sync_wrong_passphrase', 'the passphrase is not the team\'s', { file: TEAM_FILE });
  }
  return team;
}

async function readTeamFile(transport) {
  let bytes;
  try {
    bytes = await transport.get(TEAM_FILE);
  } catch (e) {
    if (e.reason === 'sync_not_found') return null;
    throw e;
  }
  let info;
  try {
    info = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    info = null;
  }
  if (!info || info.version !== 1 || !/^[0-9a-f]{32}$/.test(info.salt || '') || (info.key_id && !/^[0-9a-f]{16}$/.test(info.key_id))) {
    throw new SyncError('invalid', 'sync_bad_team', `${TEAM_FILE} is not a Genjin team file`, { file: TEAM_FILE });
  }
  return info;
}

/* The outbox's changes in runs of at most PACK_RECORDS / PACK_BYTES. */
function packs(changes) {
  const out = [];
  let cur = [];
  let bytes = 0;
  for (const ch of changes) {
    const size = Math.ceil(ch.file.length * 3 / 4);
    if (cur.length && (cur.length >= PACK_RECORDS || bytes + size > PACK_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(ch);
    bytes += size;
  }
  if (cur.length) out.push(cur);
  return out;
}

/* One plaintext of several one-record plaintexts: the magic once, then
 * every record (the framing is "GJC1" record*). */
function joinRecords(files) {
  const magic = new TextEncoder().encode(MAGIC);
  for (const f of files) {
    if (f.length < 4 || magic.some((b, i) => f[i] !== b)) throw new Error('sync.outbox gave a file without the GJC1 framing');
  }
  const out = new Uint8Array(4 + files.reduce((n, f) => n + f.length - 4, 0));
  out.set(magic);
  let at = 4;
  for (const f of files) {
    out.set(f.subarray(4), at);
    at += f.length - 4;
  }
  return out;
}

/* fn over items with at most n in flight, results in item order. */
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
