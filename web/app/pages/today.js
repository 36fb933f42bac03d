/*
 * Today (今日): what "I" have to do now — follow-ups overdue, due today,
 * due this week and customers with no next step, each with why it is due;
 * open tickets waiting for a first response; churn warnings on my
 * customers. Every due row logs its follow-up in one click (the form opens
 * prefilled); the row leaves the list once the follow-up is saved, because
 * the list is read again after every write.
 */
import { useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useStore, useLoad, useQuery } from '../ui/context.js';
import { Dialog } from '../ui/dialog.js';
import { FollowupForm } from '../ui/followup-form.js';
import { ChurnReasons } from '../ui/churn.js';
import { t, fmt, choiceLabel, errorText } from '../i18n/index.js';
import { GROUPS, loadToday, itemKey } from './today/data.js';
import { NotifyToggle } from './today/notify.js';
import { whyText } from './today/why.js';

/* When an item is due, relative to now. */
function whenText(item, group) {
  if (!item.due_at) return '';
  if (group === 'overdue') {
    const days = Math.floor(item.overdue_days ?? (Date.now() - Date.parse(item.due_at)) / 86400000);
    return days >= 1 ? t('today.when.overdueDays', { n: days }) : t('today.when.overdueToday');
  }
  if (group === 'today') return t('today.when.today');
  return t('today.when.on', { date: fmt.date(item.due_at) });
}

export function TodayPage() {
  const store = useStore();
  const me = store.me.value;
  const q = useLoad(`today:${me || ''}`, (s) => loadToday(s, me));
  const [logging, setLogging] = useState(null);

  const meRep = store.meRep.value;
  return html`<div class="today">
    <div class="page-head">
      <h1>${t('today.title')}</h1>
      <span class="muted">${meRep ? t('today.for', { name: meRep.name }) : t('today.forEveryone')}</span>
      <${NotifyToggle} />
    </div>
    ${q.error ? html`<p class="form-error" role="alert">${t('common.error', { error: errorText(q.error) })}</p>` : null}
    ${!q.data ? html`<p class="muted" role="status">${t('common.loading')}</p>` : html`
      <${Summary} data=${q.data} />
      <div class="today-layout">
        <section class="today-due" aria-labelledby="due-title">
          <h2 id="due-title" class="sr-only">${t('today.dueTitle')}</h2>
          ${GROUPS.filter((g) => q.data.weekRange || g === 'overdue' || g === 'today').map((g) => html`<${DueGroup} key=${g}
            group=${g} items=${q.data.groups[g]} count=${q.data.counts[g]} showRep=${!me} onLog=${setLogging} />`)}
        </section>
        <aside class="today-side">
          <${TicketsWaiting} items=${q.data.tickets} total=${q.data.ticketTotal} showRep=${!me} />
          <${ChurnList} items=${q.data.churn} total=${q.data.churnTotal} />
        </aside>
      </div>`}
    ${logging ? html`<${LogDialog} item=${logging} onClose=${() => setLogging(null)}
      onSaved=${() => { setLogging(null); store.say(t('followup.saved')); }} />` : null}
  </div>`;
}

function Summary({ data }) {
  const n = (g) => data.counts[g];
  return html`<ul class="today-summary" aria-label=${t('today.summary')}>
    ${['overdue', 'today'].concat(data.weekRange ? ['week', 'no_next_step'] : []).map((g) => html`<li key=${g} class=${`sum-${g}`}>
      <a href=${`#due-${g}`}><strong>${fmt.number(n(g))}</strong> ${t(`today.group.${g}`)}</a></li>`)}
    <li class="sum-tickets"><a href="#tickets-waiting"><strong>${fmt.number(data.tickets.length)}</strong> ${t('today.tickets.short')}</a></li>
    <li class="sum-churn"><a href="#churn-list"><strong>${fmt.number(data.churnTotal)}</strong> ${t('today.churn.short')}</a></li>
  </ul>`;
}

/* Rows shown per group before "Show all": a long overdue list stays quick. */
const ROWS_SHOWN = 50;

function DueGroup({ group, items, count, showRep, onLog }) {
  const store = useStore();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, ROWS_SHOWN);
  const titleId = `due-${group}-title`;
  return html`<section class=${`panel due-group due-${group}`} id=${`due-${group}`} aria-labelledby=${titleId}>
    <h3 id=${titleId}>${t(`today.group.${group}`)} <span class="badge">${fmt.number(count)}</span></h3>
    ${items.length === 0 ? html`<p class="muted empty-line">${t(`today.empty.${group}`)}</p>` : html`<ul class="due-list">
      ${shown.map((it) => {
        const key = itemKey(it);
        const nameId = `due-name-${key.replace(/:/g, '-')}`;
        const rep = showRep && it.rep_id ? store.repById.value.get(it.rep_id) : null;
        return html`<li key=${key} class="due-row" data-customer=${it.customer_id} data-group=${group} data-reason=${it.reason || ''}>
          <div class="due-main">
            <a class="due-name" id=${nameId} href=${`#/customers/${it.customer_id}`}>${it.name}</a>
            ${it.tier ? html`<span class="badge">${choiceLabel('tier', it.tier)}</span>` : null}
            ${rep ? html`<span class="muted due-rep">${rep.name}</span>` : null}
            <p class="due-why">${whyText(it, store.settings.value)}</p>
          </div>
          <span class=${`due-when badge ${group === 'overdue' ? 'bad' : group === 'today' ? 'warn' : ''}`}>${whenText(it, group)}</span>
          <button type="button" class="primary small log-btn" aria-describedby=${nameId} disabled=${store.readonly.value}
            onClick=${() => onLog(it)}>${t('followup.log')}</button>
        </li>`;
      })}
    </ul>`}
    ${shown.length < items.length ? html`<button type="button" class="link show-all" onClick=${() => setAll(true)}>
      ${t('today.showAll', { n: fmt.number(items.length) })}</button>` : null}
    ${count > items.length ? html`<p class="muted small">${t('today.more', { n: fmt.number(count - items.length) })}</p>` : null}
  </section>`;
}

/* The form for one due row, prefilled with the customer, the deal the
 * item is about and the channel of the follow-up it continues. */
function LogDialog({ item, onClose, onSaved }) {
  const last = useQuery(item.followup_id ? 'followups.get' : null, { id: item.followup_id });
  const ready = !item.followup_id || last.data || last.error;
  const defaults = { channel: last.data ? last.data.channel : null, rep_id: item.rep_id, tier: item.tier };
  return html`<${Dialog} id="log-dialog" title=${t('today.logFor', { name: item.name })} onClose=${onClose}>
    ${ready ? html`<${FollowupForm} customerId=${item.customer_id} dealId=${item.deal_id || null}
      defaults=${defaults} onSaved=${onSaved} onCancel=${onClose} />` : html`<p class="muted" role="status">${t('common.loading')}</p>`}
  </${Dialog}>`;
}

function TicketsWaiting({ items, total, showRep }) {
  const store = useStore();
  return html`<section class="panel" id="tickets-waiting" aria-labelledby="tickets-waiting-title">
    <h2 id="tickets-waiting-title">${t('today.tickets.title')} <span class="badge">${fmt.number(items.length)}</span></h2>
    ${items.length === 0 ? html`<p class="muted empty-line">${t('today.tickets.empty')}</p>` : html`<ul class="side-list">
      ${items.map((tk) => {
        const rep = showRep && tk.rep_id ? store.repById.value.get(tk.rep_id) : null;
        return html`<li key=${tk.id} data-ticket=${tk.id}>
        <div><strong>${tk.subject || t('today.tickets.noSubject')}</strong>
          ${tk.priority === 'high' || tk.priority === 'urgent' ? html` <span class="badge bad">${choiceLabel('priority', tk.priority)}</span>` : null}</div>
        <div class="muted small"><a href=${`#/customers/${tk.customer_id}`}>${tk.customer_name}</a>${
          ` · ${t('today.tickets.opened', { ago: fmt.relative(tk.created_at) })}${rep ? ` · ${rep.name}` : ''}`}</div>
      </li>`;
      })}
    </ul>`}
    ${total > items.length ? html`<p class="muted small">${t('common.total', { n: fmt.number(total) })}</p>` : null}
  </section>`;
}

const CHURN_SHOWN = 8;

function ChurnList({ items, total }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, CHURN_SHOWN);
  return html`<section class="panel" id="churn-list" aria-labelledby="churn-title">
    <h2 id="churn-title">${t('today.churn.title')} <span class="badge">${fmt.number(total)}</span></h2>
    ${items.length === 0 ? html`<p class="muted empty-line">${t('today.churn.empty')}</p>` : html`<ul class="side-list">
      ${shown.map((c) => html`<li key=${c.customer_id} data-customer=${c.customer_id}>
        <a href=${`#/customers/${c.customer_id}`}><strong>${c.name}</strong></a>
        ${c.value ? html` <span class="muted small">${fmt.money(c.value)}</span>` : null}
        <${ChurnReasons} warnings=${c.warnings} />
      </li>`)}
    </ul>`}
    ${shown.length < items.length ? html`<button type="button" class="link" id="churn-all" onClick=${() => setAll(true)}>
      ${t('today.showAll', { n: fmt.number(items.length) })}</button>` : null}
    ${total > items.length ? html`<p class="muted small">${t('common.total', { n: fmt.number(total) })}</p>` : null}
  </section>`;
}
