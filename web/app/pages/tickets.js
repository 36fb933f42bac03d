/*
 * Tickets (工单): the service queue with its first-response and resolution
 * clocks, filtered by status, priority, category and owner (from the
 * address; the owner starts at "I am …"). From a row: Respond stamps the
 * first response now, Resolve resolves, and a resolved ticket offers the
 * CSAT survey — right after resolving and from its row later. Every
 * action's button says "Saving…" until the write is durable.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useStore, useQuery } from '../ui/context.js';
import { useCustomerNames } from '../ui/customer-picker.js';
import { navigate } from '../router.js';
import { t, fmt, errorText } from '../i18n/index.js';
import { TicketFilters, FILTERS } from './tickets/filters.js';
import { TicketTable } from './tickets/table.js';
import { NewTicketDialog, CsatDialog } from './tickets/dialogs.js';

const PAGE = 50;
const MINUTE = 60000;

export function TicketsPage({ route }) {
  const store = useStore();
  const values = filtersOf(route, store);
  const offset = Math.max(0, Number(route.query.offset) || 0);
  const filter = {};
  for (const name of FILTERS) if (values[name]) filter[name] = values[name];
  if (values.owner !== 'all') filter.rep_id = values.owner;
  const list = useQuery('tickets.list', { filter, sort: '-created_at', limit: PAGE, offset });
  const tickets = (list.data && list.data.items) || [];
  const names = useCustomerNames(tickets.map((tk) => tk.customer_id));
  const surveys = useSurveys(tickets);
  const now = useNow();

  const [busy, setBusy] = useState(() => new Map());
  const [creating, setCreating] = useState(false);
  const [survey, setSurvey] = useState(null); // {ticket, justResolved}

  const setFilter = (name, value) => {
    navigate('/tickets', { ...route.query, [name]: value, offset: null }, { replace: true });
  };
  const mark = (id, what) => setBusy((old) => {
    const next = new Map(old);
    if (what) next.set(id, what); else next.delete(id);
    return next;
  });

  /* One write for a row; true when durable, else the error is said. */
  async function act(ticket, what, args) {
    mark(ticket.id, what);
    try {
      await store.write('tickets.update', { id: ticket.id, ...args });
      return true;
    } catch (e) {
      store.say(errorText(e, 'tickets'), 'error');
      return false;
    } finally {
      mark(ticket.id, null);
    }
  }
  const respond = async (ticket) => {
    if (await act(ticket, 'respond', { first_response_at: new Date().toISOString() })) store.say(t('tickets.responded'));
  };
  const resolve = async (ticket) => {
    if (await act(ticket, 'resolve', { status: 'resolved' })) setSurvey({ ticket, justResolved: true });
  };

  const total = list.data ? list.data.total : 0;
  const readonly = store.readonly.value;
  return html`<section class="tickets">
    <div class="page-head">
      <h1>${t('tickets.title')}</h1>
      <button type="button" class="primary" id="new-ticket" disabled=${readonly} onClick=${() => setCreating(true)}>${t('tickets.new')}</button>
    </div>
    <${TicketFilters} values=${values} onChange=${setFilter} />
    ${list.error ? html`<p class="form-error" role="alert">${errorText(list.error, 'tickets')}</p>` : null}
    <p class="muted tickets-total" role="status">${list.data ? t('tickets.count', { n: fmt.number(total) }) : t('common.loading')}</p>
    ${tickets.length ? html`<${TicketTable} tickets=${tickets} names=${names} surveys=${surveys} busy=${busy} now=${now}
        readonly=${readonly} onRespond=${respond} onResolve=${resolve} onSurvey=${(tk) => setSurvey({ ticket: tk, justResolved: false })} />`
      : list.data ? html`<p class="empty">${t('tickets.none')}</p>` : null}
    ${total > PAGE ? html`<nav class="pager" aria-label=${t('tickets.pages')}>
      <button type="button" disabled=${offset === 0} onClick=${() => navigate('/tickets', { ...route.query, offset: Math.max(0, offset - PAGE) }, { replace: true })}>${t('tickets.prev')}</button>
      <span>${t('tickets.range', { from: fmt.number(offset + 1), to: fmt.number(Math.min(total, offset + PAGE)), total: fmt.number(total) })}</span>
      <button type="button" disabled=${offset + PAGE >= total} onClick=${() => navigate('/tickets', { ...route.query, offset: offset + PAGE }, { replace: true })}>${t('tickets.next')}</button>
    </nav>` : null}
    ${creating ? html`<${NewTicketDialog} onClose=${() => setCreating(false)}
      onSaved=${(tk) => { setCreating(false); store.say(t('tickets.created', { subject: tk.subject || t('tickets.untitled', { id: tk.id }) })); }} />` : null}
    ${survey ? html`<${CsatDialog} key=${survey.ticket.id} ticket=${survey.ticket} justResolved=${survey.justResolved}
      onClose=${() => setSurvey(null)} onSaved=${(s) => { setSurvey(null); store.say(t('tickets.csatSaved', { score: s.score })); }} />` : null}
  </section>`;
}

/* The filters in the address; the owner is "I am …" until chosen. */
function filtersOf(route, store) {
  const q = route.query;
  const out = {};
  for (const name of FILTERS) out[name] = q[name] || '';
  if (q.owner === 'all') out.owner = 'all';
  else if (q.owner && Number(q.owner)) out.owner = Number(q.owner);
  else out.owner = store.me.value || 'all';
  return out;
}

/* ticket id → its CSAT survey, for the tickets shown (one read over the
 * range of their ids). */
function useSurveys(tickets) {
  const ids = tickets.map((tk) => tk.id);
  const range = ids.length ? { gte: Math.min(...ids), lte: Math.max(...ids) } : null;
  const q = useQuery(range ? 'surveys.list' : null, { filter: { kind: 'csat', ticket_id: range }, sort: 'id', limit: 100000 });
  const out = new Map();
  for (const s of (q.data && q.data.items) || []) out.set(s.ticket_id, s);
  return out;
}

/* The time now, moving every minute, for the running clocks. */
function useNow() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE);
    return () => clearInterval(timer);
  }, []);
  return now;
}
