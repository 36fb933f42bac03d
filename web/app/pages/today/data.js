/*
 * What the Today page reads: the due list of the week (with customers that
 * have nothing scheduled), open tickets still waiting for a first response
 * and churn warnings, for "me" (everyone when no rep is chosen).
 *
 * A core that does not know the week range answers only today's list; the
 * page then shows Overdue and Today, derived from each item's due time.
 */
import { localToday, toLocalInput } from '../../i18n/index.js';

export const GROUPS = ['overdue', 'today', 'week', 'no_next_step'];

// Whether the core takes {range: "week", no_next_step: true}; learnt once.
let weekRange = true;

async function readDue(store, base) {
  if (weekRange) {
    try {
      return await store.read('followups.due', { ...base, range: 'week', no_next_step: true, limit: 1000 });
    } catch (e) {
      const refused = e.code === 'bad_request' || (e.code === 'invalid' && ['range', 'no_next_step'].includes(e.field));
      if (!refused) throw e;
      weekRange = false;
    }
  }
  return store.read('followups.due', { ...base, limit: 1000 });
}

/* The group of a due item: the core's when it gives one, else from its due
 * time against the workspace's today. */
export function groupOf(item, today = localToday()) {
  if (item.group) return item.group;
  if (!item.due_at) return 'no_next_step';
  const day = toLocalInput(item.due_at, true);
  if (item.status === 'overdue' || day < today) return 'overdue';
  return day === today ? 'today' : 'week';
}

/* A stable key for a due item (one customer can be due for several reasons). */
export function itemKey(item) {
  return [item.customer_id, item.reason || item.group || '', item.deal_id || item.followup_id || ''].join(':');
}

export async function loadToday(store, me) {
  const base = me ? { rep_id: me } : {};
  const [due, tickets, churn] = await Promise.all([
    readDue(store, base),
    store.read('tickets.list', {
      filter: { first_response_at: null, resolved_at: null, ...(me ? { rep_id: me } : {}) }, sort: 'created_at', limit: 30,
    }),
    store.read('alerts.churn', { ...base, limit: 50 }),
  ]);
  const groups = Object.fromEntries(GROUPS.map((g) => [g, []]));
  const today = localToday();
  for (const item of due.items) (groups[groupOf(item, today)] || groups.week).push(item);
  const waiting = tickets.items.filter((tk) => tk.status === 'open' || tk.status === 'pending');
  // Ticket rows name their customer: one read per customer (a short list).
  const ids = [...new Set(waiting.map((tk) => tk.customer_id))];
  const names = new Map(await Promise.all(ids.map((id) => store.read('customers.get', { id })
    .then((c) => [id, c.name], () => [id, `#${id}`]))));
  // The core counts every item; the list it sends may be cut at the limit.
  const counts = Object.fromEntries(GROUPS.map((g) => [g, typeof due[g] === 'number' ? due[g] : groups[g].length]));
  return {
    groups, counts, weekRange, date: due.date,
    tickets: waiting.map((tk) => ({ ...tk, customer_name: names.get(tk.customer_id) })),
    ticketTotal: tickets.total, churn: churn.items, churnTotal: churn.total,
  };
}
