/*
 * The ticket page's dialogs: a new ticket (choose the customer, then the
 * ticket's fields from the schema) and the CSAT survey after service
 * (score 1–5 and a comment), one surveys.create that ties it to the
 * ticket and its customer.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { RecordForm } from '../../ui/record-form.js';
import { CustomerPicker } from '../../ui/customer-picker.js';
import { t, fieldLabel, errorText } from '../../i18n/index.js';

export const CSAT_SCORES = [1, 2, 3, 4, 5];

/* props: onSaved(ticket), onClose. */
export function NewTicketDialog({ onSaved, onClose }) {
  const store = useStore();
  const [customer, setCustomer] = useState(null);
  return html`<${Dialog} id="new-ticket-dialog" title=${t('tickets.new')} onClose=${onClose} wide>
    <${CustomerPicker} id="new-ticket-customer" value=${customer} onChange=${setCustomer} autofocus=${true} />
    ${customer ? html`<${RecordForm} key=${customer.id} entity="tickets" idPrefix="new-ticket"
      fields=${['subject', 'channel', 'category', 'priority', 'rep_id']}
      defaults=${{ rep_id: store.me.value || '', priority: 'normal', category: 'question' }}
      extraArgs=${{ customer_id: customer.id }} submitLabel=${t('tickets.create')}
      onSaved=${onSaved} onCancel=${onClose} />` : html`<p class="muted">${t('tickets.pickCustomerFirst')}</p>`}
  </${Dialog}>`;
}

/* props: ticket, justResolved (the dialog follows a resolve), onSaved,
 * onClose. */
export function CsatDialog({ ticket, justResolved, onSaved, onClose }) {
  const store = useStore();
  const [score, setScore] = useState(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const scoreLabel = fieldLabel('surveys', 'score');

  async function submit(e) {
    e.preventDefault();
    if (saving) return;
    if (!score) { setError({ field: 'score', text: t('error.required', { field: scoreLabel }) }); return; }
    setSaving(true);
    setError(null);
    try {
      const saved = await store.write('surveys.create', {
        customer_id: ticket.customer_id, ticket_id: ticket.id, kind: 'csat', score,
        touchpoint: 'after_service', comment: comment.trim() ? comment : null,
      });
      setSaving(false);
      onSaved(saved);
    } catch (err) {
      setSaving(false);
      setError({ field: err.field, text: errorText(err, 'surveys') });
    }
  }
  const subject = ticket.subject || t('tickets.untitled', { id: ticket.id });
  const scoreError = error && error.field === 'score' ? error.text : '';
  return html`<${Dialog} id="csat-dialog" title=${t('tickets.csatTitle')} onClose=${onClose}>
    ${justResolved ? html`<p class="csat-resolved" role="status">${t('tickets.resolvedAsk', { subject })}</p>`
      : html`<p class="muted">${t('tickets.csatAbout', { subject })}</p>`}
    <form onSubmit=${submit} noValidate>
      <fieldset class=${`csat-scores ${scoreError ? 'has-error' : ''}`} aria-describedby=${scoreError ? 'csat-score-error' : undefined}>
        <legend>${scoreLabel}<span class="req" aria-hidden="true"> *</span></legend>
        ${CSAT_SCORES.map((n) => html`<label class=${`csat-option ${score === n ? 'chosen' : ''}`} key=${n}>
          <input type="radio" name="csat-score" id=${`csat-score-${n}`} value=${n} checked=${score === n}
            onChange=${() => setScore(n)} />
          <span class="csat-n">${n}</span><span class="csat-word">${t(`tickets.csat.${n}`)}</span>
        </label>`)}
        ${scoreError ? html`<p class="field-error" id="csat-score-error" role="alert">${scoreError}</p>` : null}
      </fieldset>
      <${Field} entity="surveys" name="comment" id="csat-comment" value=${comment} onInput=${setComment} />
      ${error && error.field !== 'score' ? html`<p class="form-error" role="alert">${error.text}</p>` : null}
      <div class="form-actions">
        <button type="submit" class="primary" id="csat-save" disabled=${saving || store.readonly.value}>
          ${saving ? t('common.saving') : t('tickets.csatSave')}</button>
        <button type="button" onClick=${onClose}>${justResolved ? t('tickets.csatLater') : t('common.cancel')}</button>
      </div>
    </form>
  </${Dialog}>`;
}
