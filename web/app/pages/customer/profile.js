/* The customer's profile: name and contacts (phone as a tel: link, WeChat
 * copied in one click), the manual tier beside the computed ABC tier, RFM
 * segment and activity score, the pool countdown, churn warnings, editing
 * (every field of schema.describe, custom fields included) and handover. */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { RecordForm } from '../../ui/record-form.js';
import { ChurnReasons } from '../../ui/churn.js';
import { t, fmt, fieldLabel, choiceLabel, errorText } from '../../i18n/index.js';

export const PROFILE_FIELDS = ['name', 'company', 'phone', 'email', 'wechat', 'owner_id', 'tier', 'status', 'industry',
  'source', 'channel', 'region', 'budget', 'decision_maker', 'pain_points', 'tags', 'custom'];
const SHOWN = ['company', 'industry', 'source', 'channel', 'region', 'budget', 'decision_maker', 'tags', 'pain_points'];
const DAY = 86400000;

export function ProfileHead({ c, onEdit }) {
  const store = useStore();
  const owner = c.owner_id ? store.repById.value.get(c.owner_id) : null;
  const poolDays = c.pool_return_at ? Math.max(0, Math.ceil((Date.parse(c.pool_return_at) - Date.now()) / DAY)) : null;
  return html`<div class="page-head customer-head">
    <h1 id="customer-name">${c.name}</h1>
    ${c.status ? html`<span class="badge info">${choiceLabel('status', c.status)}</span>` : null}
    ${c.archived ? html`<span class="badge">${fieldLabel('customers', 'archived')}</span>` : null}
    ${poolDays !== null ? html`<span class="badge warn" id="pool-countdown">${t('customer.pool', { n: poolDays })}</span>` : null}
    <span class="muted">${t('customer.owner', { name: owner ? owner.name : t('common.unassigned') })}</span>
    <button type="button" id="edit-customer" onClick=${onEdit} disabled=${store.readonly.value}>${t('common.edit')}</button>
  </div>`;
}

export function Contacts({ c }) {
  const store = useStore();
  const copy = () => navigator.clipboard.writeText(c.wechat).then(
    () => store.say(t('customer.copied', { id: c.wechat })), (e) => store.say(errorText(e), 'error'));
  return html`<dl class="contacts">
    ${c.phone ? html`<div><dt>${fieldLabel('customers', 'phone')}</dt><dd><a id="customer-phone" href=${`tel:${c.phone}`}>${c.phone}</a></dd></div>` : null}
    ${c.wechat ? html`<div><dt>${fieldLabel('customers', 'wechat')}</dt><dd><span id="customer-wechat">${c.wechat}</span>
      <button type="button" class="small" id="copy-wechat" aria-label=${t('customer.copyWechat', { id: c.wechat })} onClick=${copy}>
        ${t('customer.copy')}</button></dd></div>` : null}
    ${c.email ? html`<div><dt>${fieldLabel('customers', 'email')}</dt><dd><a href=${`mailto:${c.email}`}>${c.email}</a></dd></div>` : null}
    ${SHOWN.filter((k) => c[k] !== null && c[k] !== undefined && c[k] !== '').map((k) => html`<div key=${k}>
      <dt>${fieldLabel('customers', k)}</dt><dd>${k === 'budget' ? fmt.money(c[k]) : String(c[k])}</dd></div>`)}
    ${customFields(store, c).map(([label, v]) => html`<div key=${label}><dt>${label}</dt><dd>${v}</dd></div>`)}
  </dl>`;
}

function customFields(store, c) {
  const defs = (store.schema.value && store.schema.value.entities.customers.custom) || [];
  const vals = c.custom || {};
  return defs.filter((d) => vals[d.key] !== undefined && vals[d.key] !== null)
    .map((d) => [d.label, d.type === 'bool' ? t(vals[d.key] ? 'common.yes' : 'common.no') : String(vals[d.key])]);
}

/* Manual tier, computed tier, RFM and activity; null parts are left out. */
export function Insights({ c, insights }) {
  const i = insights || {};
  const rfm = i.rfm;
  return html`<dl class="insights" id="insights">
    <div><dt>${t('customer.tier.manual')}</dt><dd id="tier-manual">${c.tier ? choiceLabel('tier', c.tier) : t('customer.tier.none')}</dd></div>
    ${rfm ? html`<div><dt>${t('customer.tier.computed')}</dt><dd id="tier-computed">${choiceLabel('tier', rfm.computed_tier)}</dd></div>
      <div><dt>${t('customer.rfm')}</dt><dd id="rfm-segment">${rfm.none ? t('customer.rfm.none')
        : html`${t(`customer.segment.${rfm.segment}`)} <span class="muted">R${rfm.r} F${rfm.f} M${rfm.m}</span>`}</dd></div>` : null}
    ${i.activity ? html`<div><dt>${t('customer.activity', { days: i.activity.days })}</dt><dd id="activity-score">
      ${fmt.number(i.activity.score)} <span class=${`badge ${i.activity.active ? 'ok' : ''}`}>
        ${t(i.activity.active ? 'customer.active' : 'customer.inactive')}</span></dd></div>` : null}
  </dl>`;
}

export function Churn({ warnings }) {
  if (!warnings || !warnings.length) return null;
  return html`<section class="panel churn-panel" id="customer-churn" aria-labelledby="customer-churn-title">
    <h2 id="customer-churn-title">${t('customer.churn')}</h2>
    <${ChurnReasons} warnings=${warnings} />
  </section>`;
}

export function EditDialog({ c, onClose }) {
  const store = useStore();
  return html`<${Dialog} id="edit-dialog" wide title=${t('customer.editTitle')} onClose=${onClose}>
    <${RecordForm} entity="customers" fields=${PROFILE_FIELDS} record=${c} idPrefix="edit"
      onSaved=${() => { onClose(); store.say(t('customer.saved')); }} onCancel=${onClose} />
  </${Dialog}>`;
}

/* Hands the customer to another rep: an owner change, kept in the audit log. */
export function Handover({ c }) {
  const store = useStore();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const reps = store.reps.value.filter((r) => r.active !== false && r.id !== c.owner_id);
  if (!reps.length) return null;
  const submit = async (e) => {
    e.preventDefault();
    if (!to || busy) return;
    setBusy(true);
    setError(null);
    try {
      await store.write('customers.update', { id: c.id, owner_id: Number(to) });
      store.say(t('customer.handover.done', { name: store.repById.value.get(Number(to)).name }));
      setTo('');
    } catch (err) { setError(err); }
    setBusy(false);
  };
  return html`<form class="handover" onSubmit=${submit}>
    <label for="handover-to">${t('customer.handover.to')}</label>
    <select id="handover-to" value=${to} onChange=${(e) => setTo(e.currentTarget.value)}>
      <option value="">${t('customer.handover.pick')}</option>
      ${reps.map((r) => html`<option key=${r.id} value=${r.id}>${r.name}</option>`)}
    </select>
    <button type="submit" id="handover-btn" disabled=${!to || busy || store.readonly.value}>
      ${busy ? t('common.saving') : t('customer.handover.button')}</button>
    ${error ? html`<p class="form-error" role="alert">${errorText(error, 'customers')}</p>` : null}
  </form>`;
}
