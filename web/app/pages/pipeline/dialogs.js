/*
 * The pipeline's dialogs: the lost reason a lost deal needs, and a new
 * deal (choose the customer, then the deal's fields from the schema).
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { RecordForm } from '../../ui/record-form.js';
import { CustomerPicker } from '../../ui/customer-picker.js';
import { t, fieldLabel } from '../../i18n/index.js';
import { dealTitle } from './board.js';

/* props: deal, onSubmit(reason) → promise of an error text or null (the
 * dialog stays open with it), onClose. */
export function LostDialog({ deal, onSubmit, onClose }) {
  const store = useStore();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  async function submit(e) {
    e.preventDefault();
    if (saving) return;
    if (!reason.trim()) {
      setError(t('error.required', { field: fieldLabel('deals', 'lost_reason') }));
      return;
    }
    setSaving(true);
    setError('');
    const failed = await onSubmit(reason);
    setSaving(false);
    if (failed) setError(failed);
    else onClose();
  }
  return html`<${Dialog} id="lost-dialog" title=${t('pipeline.lostTitle', { title: dealTitle(deal) })} onClose=${onClose}>
    <form onSubmit=${submit} noValidate>
      <${Field} entity="deals" name="lost_reason" id="lost-reason" value=${reason} onInput=${setReason}
        error=${error} required=${true} autofocus=${true} hint=${t('pipeline.lostHint')} />
      <div class="form-actions">
        <button type="submit" class="primary" id="lost-save" disabled=${saving || store.readonly.value}>
          ${saving ? t('common.saving') : t('pipeline.confirmLost')}</button>
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
      </div>
    </form>
  </${Dialog}>`;
}

/* props: onSaved(deal), onClose. */
export function NewDealDialog({ onSaved, onClose }) {
  const store = useStore();
  const [customer, setCustomer] = useState(null);
  const pipeline = (store.settings.value && store.settings.value.pipeline) || [];
  return html`<${Dialog} id="new-deal-dialog" title=${t('pipeline.newDeal')} onClose=${onClose} wide>
    <${CustomerPicker} id="new-deal-customer" value=${customer} onChange=${setCustomer} autofocus=${true} />
    ${customer ? html`<${RecordForm} key=${customer.id} entity="deals" idPrefix="new-deal"
      fields=${['title', 'product', 'amount', 'stage', 'owner_id', 'custom']}
      defaults=${{ owner_id: store.me.value || '', stage: pipeline.length ? pipeline[0].name : '' }}
      extraArgs=${{ customer_id: customer.id }} submitLabel=${t('pipeline.createDeal')}
      onSaved=${onSaved} onCancel=${onClose} />` : html`<p class="muted">${t('pipeline.pickCustomerFirst')}</p>`}
  </${Dialog}>`;
}
