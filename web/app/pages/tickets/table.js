/*
 * The ticket list as a table (cards on a phone): subject and customer,
 * status, priority, category, created, the two clocks, and the row's
 * actions: Respond (stamps the first response), Resolve, and the CSAT
 * survey once resolved. Components only render and bind events.
 */
import { html } from '../../ui/html.js';
import { t, fmt, choiceLabel, fieldLabel, has } from '../../i18n/index.js';
import { ticketClock, slaTone, isOpen } from './clock.js';

const STATUS_TONE = { open: 'info', pending: 'warn', resolved: 'ok', closed: '' };
const PRIORITY_TONE = { urgent: 'bad', high: 'warn', normal: '', low: '' };

/*
 * props: tickets, names (customer id → name), surveys (ticket id → the
 * CSAT survey), busy (ticket id → "respond"|"resolve"), now, readonly,
 * onRespond(ticket), onResolve(ticket), onSurvey(ticket).
 */
export function TicketTable({ tickets, names, surveys, busy, now, readonly, onRespond, onResolve, onSurvey }) {
  const col = (k) => fieldLabel('tickets', k);
  return html`<table class="data tickets-table">
    <thead><tr>
      <th scope="col">${col('subject')}</th>
      <th scope="col">${col('status')}</th>
      <th scope="col">${col('priority')}</th>
      <th scope="col">${col('category')}</th>
      <th scope="col">${col('created_at')}</th>
      <th scope="col">${t('tickets.firstResponse')}</th>
      <th scope="col">${t('tickets.resolution')}</th>
      <th scope="col">${t('common.actions')}</th>
    </tr></thead>
    <tbody>
      ${tickets.map((tk) => html`<${Row} key=${tk.id} ticket=${tk} customer=${names.get(tk.customer_id)} survey=${surveys.get(tk.id)}
        busy=${busy.get(tk.id)} now=${now} readonly=${readonly} onRespond=${onRespond} onResolve=${onResolve} onSurvey=${onSurvey} />`)}
    </tbody>
  </table>`;
}

function Row({ ticket, customer, survey, busy, now, readonly, onRespond, onResolve, onSurvey }) {
  const open = isOpen(ticket);
  const subject = ticket.subject || t('tickets.untitled', { id: ticket.id });
  const label = (k) => ({ 'data-label': fieldLabel('tickets', k) });
  return html`<tr id=${`ticket-${ticket.id}`} data-status=${ticket.status}>
    <td class="subject">
      <span class="ticket-subject">${subject}</span>
      ${customer ? html`<a class="ticket-customer" href=${`#/customers/${ticket.customer_id}`}>${customer}</a>` : null}
    </td>
    <td ...${label('status')}><span class=${`badge ${STATUS_TONE[ticket.status] || ''}`}>${choiceLabel('status', ticket.status)}</span></td>
    <td ...${label('priority')}><span class=${`badge ${PRIORITY_TONE[ticket.priority] || ''}`}>${choiceLabel('priority', ticket.priority)}</span></td>
    <td ...${label('category')}><span class="badge">${choiceLabel('category', ticket.category)}</span></td>
    <td ...${label('created_at')} class="created">${fmt.datetime(ticket.created_at)}</td>
    <td data-label=${t('tickets.firstResponse')} class="clock" data-clock="first_response">
      <${Clock} clock=${ticketClock(ticket, 'first_response', now)} /></td>
    <td data-label=${t('tickets.resolution')} class="clock" data-clock="resolution">
      <${Clock} clock=${ticketClock(ticket, 'resolution', now)} /></td>
    <td class="row-actions">
      ${open && !ticket.first_response_at ? html`<button type="button" class="small" id=${`ticket-${ticket.id}-respond`}
        disabled=${readonly || !!busy} aria-label=${t('tickets.respondTo', { subject })}
        onClick=${() => onRespond(ticket)}>${busy === 'respond' ? t('common.saving') : t('tickets.respond')}</button>` : null}
      ${open ? html`<button type="button" class="small" id=${`ticket-${ticket.id}-resolve`}
        disabled=${readonly || !!busy} aria-label=${t('tickets.resolveThis', { subject })}
        onClick=${() => onResolve(ticket)}>${busy === 'resolve' ? t('common.saving') : t('tickets.resolve')}</button>` : null}
      ${!open && survey ? html`<span class="badge ok csat-score" data-score=${survey.score}>${t('tickets.csatScore', { score: survey.score })}</span>` : null}
      ${!open && !survey ? html`<button type="button" class="small" id=${`ticket-${ticket.id}-csat`} disabled=${readonly}
        aria-label=${t('tickets.csatFor', { subject })} onClick=${() => onSurvey(ticket)}>${t('tickets.csat')}</button>` : null}
    </td>
  </tr>`;
}

/* A clock: the hours (running or stopped) and, when the core gives it,
 * the SLA state with its due time. */
function Clock({ clock }) {
  if (!clock) return html`<span class="muted">—</span>`;
  const time = duration(clock.hours);
  const text = clock.running ? t('tickets.clock.running', { time }) : t('tickets.clock.took', { time });
  const stateText = clock.state ? (has(`tickets.sla.${clock.state}`) ? t(`tickets.sla.${clock.state}`, { left: fmt.relative(clock.due_at) }) : clock.state) : null;
  return html`<span class=${clock.running ? 'running' : 'stopped'}>${text}</span>
    ${stateText ? html` <span class=${`badge ${slaTone(clock.state)}`} data-sla=${clock.state}
      title=${clock.due_at ? t('tickets.dueAt', { time: fmt.datetime(clock.due_at) }) : undefined}>${stateText}</span>` : null}`;
}

/* Hours up to two days, then days: "36.5 h", "12 d". */
function duration(hours) {
  return hours < 48 ? fmt.hours(hours) : fmt.days(Math.floor(hours / 24));
}
