/* What can be added on a customer's page: a follow-up (always open, with a
 * choice of the open deal it is about), and a deal, ticket, survey or order
 * each in a dialog generated from schema.describe. */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { RecordForm } from '../../ui/record-form.js';
import { FollowupForm } from '../../ui/followup-form.js';
import { t, stageLabel } from '../../i18n/index.js';

const FORMS = {
  deals: ['title', 'product', 'amount', 'owner_id', 'custom'],
  tickets: ['subject', 'channel', 'category', 'priority', 'rep_id'],
  surveys: ['kind', 'score', 'touchpoint', 'comment'],
  orders: ['amount', 'product', 'category', 'rep_id'],
};

/* The follow-up form of the page; it starts empty again after each save. */
export function LogPanel({ c, deals, tier }) {
  const store = useStore();
  const [round, setRound] = useState(0);
  const [deal, setDeal] = useState('');
  const open = deals.filter((d) => d.status === 'open');
  return html`<section class="panel log-panel" aria-labelledby="log-title">
    <h2 id="log-title">${t('followup.title')}</h2>
    ${open.length ? html`<div class="field deal-pick">
      <label for="fu-deal">${t('customer.aboutDeal')}</label>
      <select id="fu-deal" value=${deal} onChange=${(e) => setDeal(e.currentTarget.value)}>
        <option value="">${t('customer.noDeal')}</option>
        ${open.map((d) => html`<option key=${d.id} value=${d.id}>${d.title || t('customer.deal.untitled')} · ${stageLabel(d.stage)}</option>`)}
      </select></div>` : null}
    <${FollowupForm} key=${`${round}-${deal}`} customerId=${c.id} dealId=${deal ? Number(deal) : null}
      defaults=${{ rep_id: c.owner_id, tier }}
      onSaved=${() => { setRound(round + 1); store.say(t('followup.saved')); }} />
  </section>`;
}

export function AddButtons({ c }) {
  const store = useStore();
  const [adding, setAdding] = useState(null);
  const defaults = {
    deals: { owner_id: c.owner_id ?? '' },
    tickets: { rep_id: store.me.value || c.owner_id || '', priority: 'normal', category: 'question' },
    surveys: { kind: 'csat', touchpoint: 'after_followup' },
    orders: { rep_id: c.owner_id ?? '' },
  };
  return html`<div class="add-buttons" role="group" aria-label=${t('customer.add')}>
    ${Object.keys(FORMS).map((e) => html`<button key=${e} type="button" id=${`add-${e}`} disabled=${store.readonly.value}
      onClick=${() => setAdding(e)}>${t(`customer.add.${e}`)}</button>`)}
    ${adding ? html`<${Dialog} id="add-dialog" title=${t(`customer.add.${adding}`)} onClose=${() => setAdding(null)}>
      <${RecordForm} entity=${adding} fields=${FORMS[adding]} defaults=${defaults[adding]} extraArgs=${{ customer_id: c.id }}
        idPrefix=${`add-${adding}`} onCancel=${() => setAdding(null)}
        onSaved=${() => { setAdding(null); store.say(t('customer.added')); }} />
    </${Dialog}>` : null}
  </div>`;
}
