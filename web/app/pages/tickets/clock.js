/*
 * A ticket's two clocks: time to first response and time to resolution.
 * A stopped clock is the hours from created_at to the stamp; a running
 * one (an open or pending ticket without the stamp) is the hours since
 * created_at. The SLA state comes from the core when it gives one
 * (first_response_state / resolution_state: met, breached or running,
 * with *_due_at); without it only the clock is shown. The core keeps the
 * first-response clock of a ticket resolved without a response running
 * (the metrics count it as unanswered), and so does the page then.
 */
const HOUR = 3600000;
const OPEN = ['open', 'pending'];

/* {running, hours, state, due_at} of clock `which` ("first_response" or
 * "resolution") of `ticket`, or null when it never ran (a ticket closed
 * without a first response). */
export function ticketClock(ticket, which, now = Date.now()) {
  const stamp = which === 'first_response' ? ticket.first_response_at : ticket.resolved_at;
  const created = Date.parse(ticket.created_at);
  const state = ticket[`${which}_state`] || null;
  const dueAt = ticket[`${which}_due_at`] || null;
  if (stamp) return { running: false, hours: Math.max(0, (Date.parse(stamp) - created) / HOUR), state, due_at: dueAt };
  if (!OPEN.includes(ticket.status) && !state) return null;
  return { running: true, hours: Math.max(0, (now - created) / HOUR), state, due_at: dueAt };
}

/* The badge class of an SLA state. */
export function slaTone(state) {
  return { breached: 'bad', met: 'ok' }[state] || '';
}

export function isOpen(ticket) {
  return OPEN.includes(ticket.status);
}
