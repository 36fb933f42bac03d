/*
 * Restore a .sqlite backup: it replaces everything in this browser, so
 * the user confirms first. The worker checks the file (a Genjin database
 * that passes integrity_check) before it replaces a single stored page;
 * on any failure nothing changes. Also shown when the stored database
 * failed its integrity check and the app cannot start (main.js).
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { t, fmt, errorText } from '../../i18n/index.js';

export function RestorePanel() {
  const store = useStore();
  const [file, setFile] = useState(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(null);
  const corrupt = store.storage.value && store.storage.value.role === 'corrupt';

  async function restore() {
    setAsking(false);
    setBusy(true);
    setStatus(null);
    try {
      const info = await store.write('storage.restore', { file });
      if (!store.ready.value) { // the app could not start on the damaged database
        store.startError.value = null;
        store.ready.value = true;
      }
      store.say(t('data.restored', { n: fmt.number((info.counts || {}).customers || 0) }));
      setStatus({ kind: 'ok', text: t('data.restored', { n: fmt.number((info.counts || {}).customers || 0) }) });
    } catch (e) {
      setStatus({ kind: 'error', text: t('data.restoreFailed', { error: errorText(e) }) });
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="panel" id="restore" aria-labelledby="restore-title">
    <h2 id="restore-title">${t('data.restoreTitle')}</h2>
    <p class="muted">${corrupt ? t('data.restoreCorrupt') : t('data.restoreIntro')}</p>
    <div class="form-grid">
      <div class="field">
        <label for="restore-file">${t('data.restoreFile')}</label>
        <input type="file" id="restore-file" accept=".sqlite,.db,.sqlite3,application/vnd.sqlite3,application/octet-stream"
          onChange=${(e) => { setFile(e.currentTarget.files[0] || null); setStatus(null); }} />
      </div>
    </div>
    <div class="form-actions">
      <button type="button" class="danger" id="restore-start" disabled=${!file || busy || (store.readonly.value && !corrupt)} onClick=${() => setAsking(true)}>
        ${busy ? t('data.restoring') : t('data.restore')}</button>
    </div>
    <p id="restore-status" class=${status ? `status ${status.kind}` : 'status'} role=${status && status.kind === 'error' ? 'alert' : 'status'}>
      ${status ? status.text : ''}</p>
    ${asking ? html`<${Dialog} id="restore-dialog" title=${t('data.restore')} onClose=${() => setAsking(false)}>
      <p>${t('data.restoreConfirm', { file: file.name })}</p>
      <div class="form-actions">
        <button type="button" class="danger" id="restore-confirm" onClick=${restore}>${t('data.restore')}</button>
        <button type="button" onClick=${() => setAsking(false)}>${t('common.cancel')}</button>
      </div>
    </${Dialog}>` : null}
  </section>`;
}
