/*
 * The "Log follow-up" form, used wherever a rep records a contact (Today,
 * a customer's page, a deal). The next follow-up is a date: it means "by the
 * end of that day" in the workspace's time zone, so a follow-up logged late
 * in the day can still promise "today".
 *
 * Saving without a next step is not refused but asked about: the form
 * suggests a date — the next stage's deadline when the follow-up is about an
 * open deal, else the customer's tier cadence — and offers "Done & schedule
 * next" or saving without one. onSaved(followup) runs only once the write is
 * durable.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { useStore } from './context.js';
import { Field } from './field.js';
import { t, errorText, localToday, workspace, fmt, stageLabel, choiceLabel } from '../i18n/index.js';

const FIELDS = ['channel', 'direction', 'summary', 'outcome', 'customer_replied', 'next_action', 'next_due_at'];

/* "YYYY-MM-DD" (a workspace-local day) → its last minute as ISO text with
 * the workspace's offset, so the core reads the same day whatever its rule
 * for offset-less times. */
export function endOfLocalDay(date) {
  const off = workspace.value.tz_offset_minutes || 0;
  const a = Math.abs(off);
  const sign = off < 0 ? '-' : '+';
  return `${date}T23:59:00${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/* A workspace-local day "YYYY-MM-DD" as a date in the current language. */
export function dayText(date) {
  const noon = Date.parse(`${date}T12:00:00Z`) - (workspace.value.tz_offset_minutes || 0) * 60000;
  return fmt.date(new Date(noon).toISOString());
}

/* The date suggested for the next follow-up and why:
 * {date, why: 'stage'|'cadence', stage?, days}. `deal` may be null;
 * `tier` is the customer's effective tier (C when unknown). */
export function suggestNext(settings, deal, tier) {
  const pipeline = (settings && settings.pipeline) || [];
  if (deal && deal.status === 'open') {
    const i = pipeline.findIndex((s) => s.name === deal.stage);
    const next = i >= 0 ? pipeline[i + 1] : null;
    if (next) return { date: localToday(next.deadline_days || 0), why: 'stage', stage: next.name, days: next.deadline_days || 0 };
  }
  const key = `cadence_${String(tier || 'C').toLowerCase()}_days`;
  const days = (settings && settings[key]) || 30;
  return { date: localToday(days), why: 'cadence', tier: tier || 'C', days };
}

/*
 * props: customerId, dealId (optional), defaults ({channel, rep_id, tier,
 * summary, ...}), onSaved(followup), onCancel. Input ids start with
 * "fu-" (fu-channel, fu-summary, ...).
 */
export function FollowupForm({ customerId, dealId, defaults, onSaved, onCancel }) {
  const store = useStore();
  const d = defaults || {};
  const [values, setValues] = useState(() => ({
    channel: d.channel || 'phone', direction: d.direction || 'outbound', summary: d.summary || '',
    outcome: d.outcome || '', customer_replied: !!d.customer_replied, next_action: d.next_action || '',
    next_due_at: d.next_due_at || '',
  }));
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const [ask, setAsk] = useState(null); // the suggestion shown when no next step was given
  const askRef = useRef(null);
  const set = (n) => (v) => setValues((old) => ({ ...old, [n]: v }));

  useEffect(() => { if (ask && askRef.current) askRef.current.focus(); }, [ask]);

  async function suggestion() {
    let deal = null;
    if (dealId) deal = await store.read('deals.get', { id: dealId }).catch(() => null);
    let tier = d.tier;
    if (!tier) {
      const c = await store.read('customers.get', { id: customerId }).catch(() => null);
      tier = c && c.tier;
    }
    return suggestNext(store.settings.value, deal, tier);
  }

  async function save(vals) {
    setSaving(true);
    setError(null);
    try {
      const args = {
        customer_id: customerId, channel: vals.channel || null, direction: vals.direction || null,
        summary: vals.summary || null, outcome: vals.outcome || null, customer_replied: !!vals.customer_replied,
        next_action: vals.next_action || null,
        next_due_at: vals.next_due_at ? endOfLocalDay(vals.next_due_at) : null,
      };
      if (dealId) args.deal_id = dealId;
      const rep = store.me.value || d.rep_id;
      if (rep) args.rep_id = rep;
      const saved = await store.write('followups.create', args);
      setSaving(false);
      if (onSaved) onSaved(saved);
    } catch (err) {
      setSaving(false);
      setError(err);
    }
  }

  async function submit(e) {
    e.preventDefault();
    if (saving) return;
    if (!values.next_due_at && !ask) {
      const s = await suggestion();
      setValues((old) => ({ ...old, next_due_at: s.date }));
      setAsk(s);
      return;
    }
    save(values);
  }

  const fieldError = (n) => (error && error.field === n ? errorText(error, 'followups') : '');
  const formError = error && !FIELDS.includes(error.field) ? errorText(error, 'followups') : '';
  const readonly = store.readonly.value;
  return html`<form class="record-form followup-form" onSubmit=${submit} noValidate>
    <div class="form-grid">
      ${FIELDS.map((n) => html`<${Field} key=${n} entity="followups" name=${n} id=${`fu-${n}`}
        value=${values[n]} onInput=${set(n)} error=${fieldError(n)} dateOnly=${n === 'next_due_at'} />`)}
    </div>
    ${formError ? html`<p class="form-error" role="alert">${formError}</p>` : null}
    ${ask ? html`<div class="ask-next" id="ask-next" role="group" aria-labelledby="ask-next-title" tabindex="-1" ref=${askRef}>
      <p id="ask-next-title"><strong>${t('followup.askNext')}</strong></p>
      <p class="muted">${ask.why === 'stage'
        ? t('followup.suggestStage', { date: dayText(ask.date), stage: stageLabel(ask.stage), days: ask.days })
        : t('followup.suggestCadence', { date: dayText(ask.date), tier: choiceLabel('tier', ask.tier), days: ask.days })}</p>
      <div class="form-actions">
        <button type="button" class="primary" id="fu-schedule" disabled=${saving || readonly || !values.next_due_at}
          onClick=${() => save(values)}>${saving ? t('common.saving') : t('followup.doneSchedule')}</button>
        <button type="button" id="fu-no-next" disabled=${saving || readonly}
          onClick=${() => save({ ...values, next_due_at: '' })}>${t('followup.saveWithoutNext')}</button>
      </div>
    </div>` : html`<div class="form-actions">
      <button type="submit" class="primary" id="fu-save" disabled=${saving || readonly}>
        ${saving ? t('common.saving') : t('followup.log')}</button>
      ${onCancel ? html`<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>` : null}
    </div>`}
  </form>`;
}
