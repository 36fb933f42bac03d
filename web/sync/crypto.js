/*
 * The encrypted sync file (.gjc): everything team sync writes to a shared
 * folder or hands over as a file is one of these, sealed with the team key
 * (docs/sync.md, "Encrypted file format"). WebCrypto only, so the same
 * module runs in the worker and under node (globalThis.crypto).
 *
 * The team key: PBKDF2-SHA-256 over the team passphrase, salted with the
 * team id (16 random bytes made when the team is created), 600,000
 * iterations, 256 bits → an AES-256-GCM key that cannot be exported. The
 * key id (8 bytes of SHA-256 over the derived bits) is written into every
 * file, so a wrong passphrase is told apart from a damaged file.
 *
 * Each file gets a fresh random 96-bit nonce; the whole header (kind,
 * team, key id, device, sequence range, length, nonce) is the GCM
 * associated data, so a file renamed to another device or sequence, or
 * with any header byte changed, fails to open.
 */
import { refused } from './errors.js';

export const ITERATIONS = 600000;
export const VERSION = 1;
export const KIND = { changes: 1, snapshot: 2, export: 3 };
const KIND_NAMES = Object.fromEntries(Object.entries(KIND).map(([k, v]) => [v, k]));
const MAGIC = [0x47, 0x4a, 0x43, 0x46]; // "GJCF"
const FIXED = 64; // header bytes before the device id
const FLAG_DEFLATE = 1;
const COMPRESS_FROM = 4096; // bytes of plaintext
const TAG = 16;
const DEVICE_RE = /^[A-Za-z0-9_-]{1,64}$/;
const subtle = () => globalThis.crypto.subtle;

/* 16 random bytes: a new team's id (and its key's salt). */
export function newTeamId() {
  return globalThis.crypto.getRandomValues(new Uint8Array(16));
}

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export function unhex(s) {
  if (typeof s !== 'string' || !/^([0-9a-f]{2})*$/.test(s)) throw refused('sync_bad_team', `not a hex team id: ${s}`);
  return Uint8Array.from(s.match(/../g) || [], (h) => parseInt(h, 16));
}

/* The team key {teamId, keyId, key} for a passphrase. Takes about half a
 * second on purpose (ITERATIONS): callers keep the result, not the
 * passphrase. iterations is lowered only by tests of the format itself. */
export async function deriveTeamKey(passphrase, teamId, iterations = ITERATIONS) {
  if (typeof passphrase !== 'string' || passphrase.length < 8) {
    throw refused('sync_passphrase_short', 'the team passphrase needs at least 8 characters', { min: 8 });
  }
  if (!(teamId instanceof Uint8Array) || teamId.length !== 16) throw refused('sync_bad_team', 'a team id is 16 bytes');
  const base = await subtle().importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: teamId, iterations }, base, 256));
  const label = new TextEncoder().encode('genjin-sync key id v1');
  const both = new Uint8Array(label.length + bits.length);
  both.set(label);
  both.set(bits, label.length);
  const keyId = new Uint8Array(await subtle().digest('SHA-256', both)).slice(0, 8);
  const key = await subtle().importKey('raw', bits, 'AES-GCM', false, ['encrypt', 'decrypt']);
  bits.fill(0);
  return { teamId: Uint8Array.from(teamId), keyId, key };
}

/* The bytes of a .gjc file holding payload (Uint8Array) for device's
 * sequence numbers first..seq. kind: "changes", "snapshot" or "export". */
export async function seal(team, { kind, device, first, seq, payload }) {
  if (!KIND[kind]) throw new TypeError(`unknown .gjc kind ${kind}`);
  if (!DEVICE_RE.test(device)) throw new TypeError(`bad device id ${device}`);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(seq) || first < 1 || seq < first) {
    throw new TypeError(`bad sequence range ${first}..${seq}`);
  }
  let body = payload;
  let flags = 0;
  // Compressing through a stream costs ~0.5 ms a call: worth it for exports
  // and snapshots, not for the few hundred bytes of a one-row change.
  const packed = payload.length >= COMPRESS_FROM ? await deflate(payload) : null;
  if (packed && packed.length < payload.length) { body = packed; flags |= FLAG_DEFLATE; }
  const dev = new TextEncoder().encode(device);
  const head = new Uint8Array(FIXED + dev.length);
  const view = new DataView(head.buffer);
  head.set(MAGIC, 0);
  head[4] = VERSION;
  head[5] = KIND[kind];
  head[6] = flags;
  head[7] = dev.length;
  head.set(team.teamId, 8);
  head.set(team.keyId, 24);
  view.setBigUint64(32, BigInt(first));
  view.setBigUint64(40, BigInt(seq));
  view.setUint32(48, body.length + TAG);
  head.set(globalThis.crypto.getRandomValues(new Uint8Array(12)), 52);
  head.set(dev, FIXED);
  const sealed = new Uint8Array(await subtle().encrypt(
    { name: 'AES-GCM', iv: head.subarray(52, 64), additionalData: head, tagLength: 128 }, team.key, body));
  const out = new Uint8Array(head.length + sealed.length);
  out.set(head);
  out.set(sealed, head.length);
  return out;
}

/* The header of a .gjc file, read without any key: {version, kind, flags,
 * teamId, keyId, device, first, seq, length, size (header bytes)}. Throws
 * sync_not_gjc, sync_version or sync_truncated. `name` names the file in
 * the error. */
export function readHeader(bytes, name) {
  const params = { file: name || '' };
  if (!(bytes instanceof Uint8Array)) throw new TypeError('a .gjc file is a Uint8Array');
  if (MAGIC.some((b, i) => i < bytes.length && bytes[i] !== b)) {
    throw refused('sync_not_gjc', `${name || 'the file'} is not a Genjin sync file`, params);
  }
  if (bytes.length < 4) throw refused('sync_truncated', `${name || 'the file'} ends inside its header`, params);
  if (bytes.length >= 5 && bytes[4] !== VERSION) {
    throw refused('sync_version', `${name || 'the file'} has format version ${bytes[4]}`, { ...params, version: bytes[4] });
  }
  if (bytes.length < FIXED || bytes.length < FIXED + bytes[7]) {
    throw refused('sync_truncated', `${name || 'the file'} ends inside its header`, params);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes[7];
  const device = new TextDecoder().decode(bytes.subarray(FIXED, FIXED + n));
  const h = {
    version: bytes[4], kind: KIND_NAMES[bytes[5]] || null, flags: bytes[6],
    teamId: bytes.slice(8, 24), keyId: bytes.slice(24, 32),
    first: Number(view.getBigUint64(32)), seq: Number(view.getBigUint64(40)),
    length: view.getUint32(48), device, size: FIXED + n, aad: FIXED + n, nonceAt: 52,
  };
  if (!h.kind || !DEVICE_RE.test(device) || n === 0) throw refused('sync_damaged', `${name || 'the file'} has a damaged header`, params);
  const have = bytes.length - h.size;
  if (have < h.length) {
    throw refused('sync_truncated', `${name || 'the file'} is cut short: ${have} of ${h.length} bytes`, { ...params, have, want: h.length });
  }
  if (have > h.length) throw refused('sync_damaged', `${name || 'the file'} has ${have - h.length} bytes too many`, params);
  return h;
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/* Opens a .gjc file with the team key: {header, payload}. expect may name
 * what the file must be: {kind, device, seq (its last sequence, from the
 * file's name), applied (the last sequence of that device already
 * applied)}. Every refusal is a SyncError with a sync_* reason; nothing is
 * returned from a file that fails any check. */
export async function open(team, bytes, expect = {}, name) {
  const h = readHeader(bytes, name);
  const params = { file: name || '', device: h.device, seq: h.seq };
  const label = name || 'the file';
  if (!same(h.teamId, team.teamId)) {
    throw refused('sync_other_team', `${label} belongs to another team (${hex(h.teamId)})`, { ...params, team: hex(h.teamId) });
  }
  if (!same(h.keyId, team.keyId)) {
    throw refused('sync_wrong_passphrase', `${label} was sealed with another passphrase`, params);
  }
  let body;
  try {
    body = new Uint8Array(await subtle().decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(h.nonceAt, h.nonceAt + 12), additionalData: bytes.subarray(0, h.aad), tagLength: 128 },
      team.key, bytes.subarray(h.size)));
  } catch (e) {
    throw refused('sync_damaged', `${label} was changed after it was written`, params);
  }
  if ((expect.kind && h.kind !== expect.kind) || (expect.device && h.device !== expect.device) ||
      (expect.seq !== undefined && h.seq !== expect.seq)) {
    throw refused('sync_misplaced', `${label} holds ${h.kind} ${h.device}/${h.seq}, not what its name says`, params);
  }
  if (expect.applied !== undefined && h.seq <= expect.applied) {
    throw refused('sync_replayed', `${label} holds ${h.device}'s changes up to ${h.seq}, already applied up to ${expect.applied}`,
      { ...params, applied: expect.applied });
  }
  const payload = h.flags & FLAG_DEFLATE ? await inflate(body) : body;
  return { header: h, payload };
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}
const deflate = (b) => (typeof CompressionStream === 'function' ? pipe(b, new CompressionStream('deflate-raw')) : null);
async function inflate(b) {
  try {
    return await pipe(b, new DecompressionStream('deflate-raw'));
  } catch (e) {
    throw refused('sync_damaged', 'the file\'s compressed contents are damaged', {});
  }
}
