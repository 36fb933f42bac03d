/*
 * A customer's page (#/customers/<id>): the profile with its computed
 * tier, RFM segment, activity and churn warnings; the follow-up form and
 * the other records that can be added; handover; and the timeline of
 * everything that happened with the customer, newest first.
 */
import { useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useQuery, useLoad } from '../ui/context.js';
import { t, errorText } from '../i18n/index.js';
import { ProfileHead, Contacts, Insights, Churn, EditDialog, Handover } from './customer/profile.js';
import { LogPanel, AddButtons } from './customer/forms.js';
import { Timeline } from './customer/timeline.js';
import { loadInsights, loadTimeline } from './customer/data.js';

export function CustomerPage({ route }) {
  const id = Number(route.parts[1]);
  const q = useQuery(Number.isInteger(id) && id > 0 ? 'customers.get' : null, { id });
  if (q.error) {
    return html`<div><a href="#/customers">${t('customer.back')}</a>
      <p class="form-error" role="alert">${errorText(q.error, 'customers')}</p></div>`;
  }
  if (!q.data) return html`<p class="muted" role="status">${t('common.loading')}</p>`;
  return html`<${Customer} key=${id} c=${q.data} />`;
}

function Customer({ c }) {
  const [editing, setEditing] = useState(false);
  const ins = useLoad(`insights:${c.id}:${c.owner_id}`, (s) => loadInsights(s, c));
  const tl = useLoad(`timeline:${c.id}`, (s) => loadTimeline(s, c.id));
  const deals = tl.data ? tl.data.filter((e) => e.kind === 'deal').map((e) => e.record) : [];
  const rfm = ins.data && ins.data.rfm;
  const tier = c.tier || (rfm ? rfm.computed_tier : null);
  return html`<div class="customer">
    <a class="back" href="#/customers">${t('customer.back')}</a>
    <${ProfileHead} c=${c} onEdit=${() => setEditing(true)} />
    <div class="customer-layout">
      <div class="customer-main">
        <section class="panel profile-panel" aria-labelledby="profile-title">
          <h2 id="profile-title" class="sr-only">${t('customer.profile')}</h2>
          <${Contacts} c=${c} />
          <${Insights} c=${c} insights=${ins.data} />
          <${Handover} c=${c} />
        </section>
        ${ins.data ? html`<${Churn} warnings=${ins.data.churn} />` : null}
        <section class="panel timeline-panel" aria-labelledby="timeline-title">
          <div class="panel-head"><h2 id="timeline-title">${t('customer.timeline')}</h2><${AddButtons} c=${c} /></div>
          ${tl.error ? html`<p class="form-error" role="alert">${errorText(tl.error)}</p>` : null}
          ${tl.data ? html`<${Timeline} entries=${tl.data} />` : html`<p class="muted" role="status">${t('common.loading')}</p>`}
        </section>
      </div>
      <div class="customer-side">
        <${LogPanel} c=${c} deals=${deals} tier=${tier} />
      </div>
    </div>
    ${editing ? html`<${EditDialog} c=${c} onClose=${() => setEditing(false)} />` : null}
  </div>`;
}
