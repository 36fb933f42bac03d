/*
 * Errors of team sync, shaped like the core's (code, field, reason,
 * params) so the worker passes them to the page unchanged and the page
 * words them from the catalogue (error.<reason>, web/app/i18n/{en,zh-CN}/sync.js).
 * The message is a developer's English; the user reads the catalogue's.
 */
export class SyncError extends Error {
  /* code: "invalid" (a file or setting refused), "io" (the folder could not
   * be reached), "conflict" (a file already exists); reason: a sync_* key. */
  constructor(code, reason, message, params) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.field = 'file';
    this.reason = reason;
    this.params = params || {};
  }
}

export function refused(reason, message, params) {
  return new SyncError('invalid', reason, message, params);
}
