/*
 * The plaintext inside a "changes" or "export" .gjc file: a list of
 * outbox entries, each a small JSON record (seq, hlc and whatever else
 * the core's outbox gives) and the changeset's bytes. Laid out as
 *   u32 BE  length of the JSON
 *   JSON    {"entries": [{...record, "size": bytes of its changeset}, ...]}
 *   bytes   the changesets, one after another, in the order of "entries"
 * so changesets travel as bytes, not as base64 inside the JSON.
 */
import { refused } from './errors.js';

/* entries: [{record: {...}, bytes: Uint8Array}] → Uint8Array. */
export function packEntries(entries) {
  const json = new TextEncoder().encode(JSON.stringify({
    entries: entries.map((e) => ({ ...e.record, size: e.bytes.length })),
  }));
  const total = 4 + json.length + entries.reduce((n, e) => n + e.bytes.length, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  let at = 4 + json.length;
  for (const e of entries) {
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  return out;
}

/* The inverse of packEntries: [{record, bytes}]. A payload that does not
 * add up is refused (sync_damaged): it was sealed by a broken writer. */
export function unpackEntries(payload, name) {
  const bad = (why) => refused('sync_damaged', `${name || 'the file'}: ${why}`, { file: name || '' });
  if (payload.length < 4) throw bad('no entry list');
  const n = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0);
  if (4 + n > payload.length) throw bad('the entry list runs past the end');
  let meta;
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(4, 4 + n)));
  } catch (e) {
    throw bad('the entry list is not JSON');
  }
  if (!meta || !Array.isArray(meta.entries)) throw bad('no entries');
  let at = 4 + n;
  const entries = meta.entries.map((rec) => {
    const { size, ...record } = rec;
    if (!Number.isSafeInteger(size) || size < 0 || at + size > payload.length) throw bad('an entry runs past the end');
    const bytes = payload.slice(at, at + size);
    at += size;
    return { record, bytes };
  });
  if (at !== payload.length) throw bad('bytes after the last entry');
  return entries;
}
