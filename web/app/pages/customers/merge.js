/*
 * Merging two selected customers: the user picks which one stays, the
 * dialog says what moves to it (every follow-up, deal, ticket, survey,
 * order and event; its empty fields filled from the other; the other
 * deleted), and one customers.merge does it in one transaction.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { t, errorText } from '../../i18n/index.js';

export function MergeDialog({ ids, onClose, onMerged }) {
  const store = useStore();
  const [rows, setRows] = useState(null);
  const [survivor, setSurvivor] = useState(ids[0]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    Promise.all(ids.map((id) => store.read('customers.get', { id }))).then(setRows, setError);
  }, [ids.join(',')]);

  const kept = rows && rows.find((r) => r.id === survivor);
  const gone = rows && rows.find((r) => r.id !== survivor);
  async function merge() {
    setBusy(true);
    setError(null);
    try {
      const saved = await store.write('customers.merge', { survivor_id: kept.id, merged_id: gone.id });
      onMerged(saved || kept);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return html`<${Dialog} id="merge-dialog" title=${t('customers.merge.title')} onClose=${onClose}>
    ${!rows ? html`<p class="muted" role="status">${error ? errorText(error) : t('common.loading')}</p>` : html`
      <fieldset class="merge-pick">
        <legend>${t('customers.merge.keep')}</legend>
        ${rows.map((r) => html`<label key=${r.id} class="merge-option">
          <input type="radio" name="survivor" value=${r.id} checked=${survivor === r.id} onChange=${() => setSurvivor(r.id)} />
          <span><strong>${r.name}</strong> <span class="muted">#${r.id}${r.company ? ` · ${r.company}` : ''}${r.phone ? ` · ${r.phone}` : ''}</span></span>
        </label>`)}
      </fieldset>
      <p class="warn-box" id="merge-what">${t('customers.merge.what', { kept: kept.name, gone: gone.name })}</p>
      ${error ? html`<p class="form-error" role="alert">${errorText(error, 'customers')}</p>` : null}
      <div class="form-actions">
        <button type="button" class="primary" id="merge-confirm" disabled=${busy || store.readonly.value} onClick=${merge}>
          ${busy ? t('common.saving') : t('customers.merge.confirm', { name: kept.name })}</button>
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
      </div>`}
  </${Dialog}>`;
}
