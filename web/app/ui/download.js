/*
 * Files the page hands to the user: a Blob offered as a download, and the
 * .sqlite backup of the database (its time kept per database in
 * localStorage genjin.lastBackup:<db>, which the "keeping the data" panel
 * shows).
 */
import { dbKey } from '../store.js';

/* Offers `blob` as a download named `name`. */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/* Today's date (YYYY-MM-DD) for file names. */
export function fileDate() {
  return new Date().toISOString().slice(0, 10);
}

/* When this database was last downloaded as a backup (ISO text) or null. */
export function lastBackup() {
  return localStorage.getItem(`genjin.lastBackup:${dbKey()}`) || null;
}

/* Downloads the database file and remembers when; resolves to its size
 * in bytes, rejects with the worker's error. */
export async function downloadBackup(client) {
  const bytes = await client.call('storage.export');
  saveFile(new Blob([bytes], { type: 'application/vnd.sqlite3' }), `genjin-${dbKey()}-${fileDate()}.sqlite`);
  localStorage.setItem(`genjin.lastBackup:${dbKey()}`, new Date().toISOString());
  return bytes.length;
}
