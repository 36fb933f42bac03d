/* The customer's timeline, newest first: follow-ups, deals with their stage
 * history, tickets, surveys, orders, handovers and profile changes. */
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, fmt, fieldLabel, choiceLabel, stageLabel } from '../../i18n/index.js';

const ICON = { followup: '☎', deal: '◆', ticket: '✉', survey: '★', order: '¥', handover: '⇄', edit: '✎' };

export function Timeline({ entries }) {
  if (!entries.length) return html`<p class="muted empty-line">${t('customer.timeline.empty')}</p>`;
  return html`<ol class="timeline">
    ${entries.map((e) => html`<li key=${e.key} class=${`tl-item tl-${e.kind}`} data-kind=${e.kind}>
      <span class="tl-icon" aria-hidden="true">${ICON[e.kind]}</span>
      <div class="tl-body">
        <div class="tl-head"><strong>${t(`customer.kind.${e.kind}`)}</strong>
          <time class="muted" datetime=${e.at}>${fmt.datetime(e.at)}</time></div>
        <${Entry} e=${e} />
      </div>
    </li>`)}
  </ol>`;
}

function repName(store, id) {
  const r = id ? store.repById.value.get(id) : null;
  return r ? r.name : t('common.unassigned');
}

function Entry({ e }) {
  const store = useStore();
  const r = e.record;
  switch (e.kind) {
    case 'followup': return html`<div>
      <p class="tl-line">${[choiceLabel('channel', r.channel), choiceLabel('direction', r.direction), r.rep_id ? repName(store, r.rep_id) : null]
        .filter(Boolean).join(' · ')}${r.customer_replied ? html` <span class="badge ok">${t('field.followups.customer_replied')}</span>` : null}</p>
      ${r.summary ? html`<p class="tl-text">${r.summary}</p>` : null}
      ${r.outcome ? html`<p class="tl-line"><span class="muted">${t('field.followups.outcome')}:</span> ${r.outcome}</p>` : null}
      ${r.next_action || r.next_due_at ? html`<p class="tl-line"><span class="muted">${t('customer.next')}:</span>
        ${[r.next_action, r.next_due_at ? fmt.date(r.next_due_at) : null].filter(Boolean).join(' · ')}</p>` : null}
    </div>`;
    case 'deal': return html`<div>
      <p class="tl-line"><strong>${r.title || t('customer.deal.untitled')}</strong>${` · ${fmt.money(r.amount)} · ${stageLabel(r.stage)} `}
        <span class=${`badge ${r.status === 'won' ? 'ok' : r.status === 'lost' ? 'bad' : 'info'}`}>${choiceLabel('status', r.status)}</span></p>
      ${r.lost_reason ? html`<p class="tl-line muted">${t('field.deals.lost_reason')}: ${r.lost_reason}</p>` : null}
      ${e.stages && e.stages.length ? html`<ol class="stage-history" aria-label=${t('entity.deal_stages')}>
        ${e.stages.map((s) => html`<li key=${s.id}>${stageLabel(s.stage)} <span class="muted">${fmt.date(s.entered_at)}</span></li>`)}
      </ol>` : null}
    </div>`;
    case 'ticket': return html`<div>
      <p class="tl-line"><strong>${r.subject || t('today.tickets.noSubject')}</strong>${
        ` · ${[choiceLabel('priority', r.priority), choiceLabel('category', r.category)].filter(Boolean).join(' · ')} `}
        <span class="badge">${choiceLabel('status', r.status)}</span></p>
      <p class="tl-line muted">${r.first_response_at ? t('customer.ticket.responded', { at: fmt.datetime(r.first_response_at) }) : t('customer.ticket.waiting')}</p>
    </div>`;
    case 'survey': return html`<div>
      <p class="tl-line">${`${choiceLabel('kind', r.kind)} `}<strong>${fmt.number(r.score)}</strong>${
        r.touchpoint ? ` · ${choiceLabel('touchpoint', r.touchpoint)}` : ''}</p>
      ${r.comment ? html`<p class="tl-text">${r.comment}</p>` : null}
    </div>`;
    case 'order': return html`<p class="tl-line"><strong>${fmt.money(r.amount)}</strong>${
      r.product ? ` · ${r.product}` : ''}${r.category ? ` · ${r.category}` : ''}</p>`;
    case 'handover': return html`<p class="tl-line">${t('customer.handover.entry', { from: repName(store, e.from), to: repName(store, e.to) })}
      ${r.actor ? html` <span class="muted">${t('customer.by', { actor: r.actor })}</span>` : null}</p>`;
    case 'edit': return html`<p class="tl-line">${t('customer.edit.entry', { fields: e.fields.map((f) => fieldLabel('customers', f)).join(', ') })}
      ${r.actor ? html` <span class="muted">${t('customer.by', { actor: r.actor })}</span>` : null}</p>`;
    default: return null;
  }
}
