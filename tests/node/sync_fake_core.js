// A stand-in for the core's sync.* ops (docs/sync.md, "Core operations"
// and "File framing"), small enough to read: each replica is a map of
// key → value merged last-writer-wins by (hlc, device), its outbox the
// framed records of its own writes. It lets the sync engine's tests run
// before, and independently of, the real core; the real core's own tests
// check the real merge.
'use strict';

const SCHEMA = 1;

class FakeCore {
  constructor(device) {
    this.device = device; // 16 hex digits
    this.rows = new Map(); // key → {value, hlc, device}
    this.seq = 0;
    this.hlc = 0;
    this.pushedSeq = 0;
    this.peers = new Map(); // device → last applied seq
    this.outbox = []; // {seq, hlc, bytes}
    this.conflicts = [];
    this.calls = [];
  }

  /* One local write transaction. */
  write(key, value) {
    this.hlc += 1;
    this.seq += 1;
    this.rows.set(key, { value, hlc: this.hlc, device: this.device });
    const deps = [...this.peers.entries()];
    this.outbox.push({ seq: this.seq, hlc: this.hlc, bytes: frameRecord(this.device, this.seq, this.hlc, deps, { key, value }) });
  }

  data() {
    return Object.fromEntries([...this.rows.entries()].sort().map(([k, v]) => [k, v.value]));
  }

  call(op, args = {}) {
    this.calls.push(op);
    switch (op) {
      case 'sync.status':
        return { device: this.device, seq: this.seq, hlc: this.hlc, pushed_seq: this.pushedSeq, pending: this.seq - this.pushedSeq,
          peers: [...this.peers.entries()].map(([device, seq]) => ({ device, seq })), conflicts: this.conflicts.length };
      case 'sync.outbox': {
        const changes = this.outbox.filter((c) => c.seq > (args.since || 0)).slice(0, args.limit || 1000)
          .map((c) => ({ seq: c.seq, hlc: c.hlc, bytes: c.bytes.length, file: b64(Buffer.concat([Buffer.from('GJC1'), c.bytes])) }));
        return { device: this.device, changes };
      }
      case 'sync.pushed':
        this.pushedSeq = Math.max(this.pushedSeq, args.seq);
        return { pushed_seq: this.pushedSeq };
      case 'sync.export': {
        const recs = this.outbox.filter((c) => c.seq > (args.since || 0));
        return { device: this.device, first_seq: recs.length ? recs[0].seq : 0, last_seq: recs.length ? recs[recs.length - 1].seq : 0,
          count: recs.length, file: b64(Buffer.concat([Buffer.from('GJC1'), ...recs.map((c) => c.bytes)])) };
      }
      case 'sync.import':
        return this.apply([args.file]);
      case 'sync.apply':
        return this.apply(args.files);
      default:
        throw Object.assign(new Error(`no such op ${op}`), { code: 'invalid', reason: 'unknown_op' });
    }
  }

  apply(files) {
    let records = files.flatMap((f) => parseFile(Buffer.from(f, 'base64')));
    const out = { applied: [], duplicate: [], pending: [], conflicts: 0 };
    let progress = true;
    while (progress) {
      progress = false;
      const left = [];
      for (const r of records) {
        const have = r.device === this.device ? this.seq : (this.peers.get(r.device) || 0);
        if (r.seq <= have) { out.duplicate.push({ device: r.device, seq: r.seq }); continue; }
        const ready = r.seq === have + 1 && r.deps.every(([d, s]) => d === this.device || (this.peers.get(d) || 0) >= s);
        if (!ready) { left.push(r); continue; }
        const cur = this.rows.get(r.change.key);
        const wins = !cur || r.hlc > cur.hlc || (r.hlc === cur.hlc && r.device > cur.device);
        if (cur && cur.value !== r.change.value) {
          out.conflicts++;
          this.conflicts.push({ key: r.change.key, losing: wins ? cur.value : r.change.value });
        }
        if (wins) this.rows.set(r.change.key, { value: r.change.value, hlc: r.hlc, device: r.device });
        this.peers.set(r.device, r.seq);
        this.hlc = Math.max(this.hlc, r.hlc);
        out.applied.push({ device: r.device, seq: r.seq });
        progress = true;
      }
      records = left;
    }
    for (const r of records) out.pending.push({ device: r.device, seq: r.seq, needs: Object.fromEntries(r.deps) });
    return out;
  }
}

const b64 = (buf) => Buffer.from(buf).toString('base64');

/* record = u32 header_len, header, u32 changeset_len, changeset;
 * header = device[8] seq:u64 hlc:u64 schema:u32 ndeps:u32 (device[8] seq:u64)*ndeps */
function frameRecord(device, seq, hlc, deps, change) {
  const header = Buffer.alloc(8 + 8 + 8 + 4 + 4 + deps.length * 16);
  Buffer.from(device, 'hex').copy(header, 0);
  header.writeBigUInt64BE(BigInt(seq), 8);
  header.writeBigUInt64BE(BigInt(hlc), 16);
  header.writeUInt32BE(SCHEMA, 24);
  header.writeUInt32BE(deps.length, 28);
  deps.forEach(([d, s], i) => {
    Buffer.from(d, 'hex').copy(header, 32 + i * 16);
    header.writeBigUInt64BE(BigInt(s), 40 + i * 16);
  });
  const cs = Buffer.from(JSON.stringify(change));
  const len = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  return Buffer.concat([len(header.length), header, len(cs.length), cs]);
}

function parseFile(buf) {
  if (buf.subarray(0, 4).toString() !== 'GJC1') {
    throw Object.assign(new Error('not a sync file'), { code: 'invalid', reason: 'bad_sync_file' });
  }
  const out = [];
  let at = 4;
  while (at < buf.length) {
    const hl = buf.readUInt32BE(at);
    const h = buf.subarray(at + 4, at + 4 + hl);
    const ndeps = h.readUInt32BE(28);
    const deps = Array.from({ length: ndeps }, (_, i) => [h.subarray(32 + i * 16, 40 + i * 16).toString('hex'), Number(h.readBigUInt64BE(40 + i * 16))]);
    const cl = buf.readUInt32BE(at + 4 + hl);
    const cs = buf.subarray(at + 8 + hl, at + 8 + hl + cl);
    out.push({ device: h.subarray(0, 8).toString('hex'), seq: Number(h.readBigUInt64BE(8)), hlc: Number(h.readBigUInt64BE(16)), deps,
      change: JSON.parse(cs.toString()) });
    at += 8 + hl + cl;
  }
  return out;
}

module.exports = { FakeCore };
