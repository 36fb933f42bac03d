/*
 * Where sync files live: a transport is four operations on paths relative
 * to the team's folder ("changes/dev-a1/12.gjc"), so another storage (an
 * S3-compatible or OSS bucket with conditional writes) can follow without
 * touching the sync engine:
 *
 *   list(dir)              → [{name, size, dir}] of dir's direct entries; [] when dir is missing
 *   get(path)              → Uint8Array; SyncError sync_not_found when missing
 *   putIfAbsent(path, b)   → writes b unless path exists (SyncError sync_exists when it does)
 *   rename(from, to)       → moves from to to unless to exists (sync_exists)
 * and two helpers a folder store needs: makeDir(dir) (no error when it
 * exists) and remove(path) (no error when it is gone).
 *
 * publish() is how every sync file reaches the folder: written under a
 * temporary name beside its final one, then renamed, so a reader never
 * sees half a file and no two devices ever write the same name.
 * putIfAbsent throws sync_no_parent when the folder path is not there.
 */
import { SyncError } from './errors.js';

export const TEMP_SUFFIX = '.tmp';

/* Writes bytes to `path` through a temporary name in the same folder.
 * Throws sync_exists when `path` is already there (the device already
 * published that sequence); the temporary file is then removed. */
export async function publish(transport, path, bytes) {
  const rand = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
  const temp = `${path}.${rand}${TEMP_SUFFIX}`;
  try {
    await transport.putIfAbsent(temp, bytes);
  } catch (e) {
    // the device's folder is made on its first upload, not before each
    if (e.reason !== 'sync_no_parent') throw e;
    await makeDirs(transport, path.slice(0, path.lastIndexOf('/')));
    await transport.putIfAbsent(temp, bytes);
  }
  try {
    await transport.rename(temp, path);
  } catch (e) {
    await transport.remove(temp).catch(() => {});
    throw e;
  }
}

/* makeDir for each level of dir ("changes/dev-a1" → "changes", "changes/dev-a1"). */
export async function makeDirs(transport, dir) {
  const parts = dir.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) await transport.makeDir(parts.slice(0, i).join('/'));
}

/* Temporary files a device left behind (its browser closed mid-upload):
 * safe to remove once older than the longest upload could take. */
export const isTemp = (name) => name.endsWith(TEMP_SUFFIX);

export function ioError(reason, message, params) {
  return new SyncError('io', reason, message, params);
}
