/*
 * What a customer's page reads besides the record: the computed tier, RFM
 * segment and activity score (from the metrics ops, narrowed to the
 * owner's customers), churn warnings, and every record of the timeline
 * with the deals' stage history and the audit entries of the customer.
 */
const DAY = 86400000;
const ACTIVITY_DAYS = 30;
const LIST = 1000;

const isoAt = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/* {rfm, activity: {score, active}, churn: warnings[]} (a part is null when
 * its op is missing or refused). */
export async function loadInsights(store, c) {
  const rep = c.owner_id ? { rep_id: c.owner_id } : {};
  const now = Date.now();
  const soft = (p) => p.catch(() => null);
  const [rfm, act, churn] = await Promise.all([
    soft(store.read('metrics.rfm', { ...rep, limit: 100000 })),
    soft(store.read('metrics.explain', {
      metric: 'activity.active_rate', from: isoAt(now - ACTIVITY_DAYS * DAY), to: isoAt(now), ...rep, limit: 100000,
    })),
    soft(store.read('alerts.churn', { ...rep, limit: 100000 })),
  ]);
  const mine = rfm && rfm.items.find((r) => r.customer_id === c.id);
  const a = act && act.items.find((r) => r.id === c.id);
  const w = churn && churn.items.find((r) => r.customer_id === c.id);
  return {
    rfm: rfm ? (mine || { none: true, computed_tier: 'C' }) : null,
    activity: a ? { score: a.score, active: a.in_numerator, days: ACTIVITY_DAYS } : null,
    churn: churn ? (w ? w.warnings : []) : null,
  };
}

/* The timeline, newest first: [{kind, at, key, record, ...}]. */
export async function loadTimeline(store, id) {
  const of = (entity, sort) => store.read(`${entity}.list`, { filter: { customer_id: id }, sort, limit: LIST });
  const [followups, deals, tickets, surveys, orders, audit] = await Promise.all([
    of('followups', '-at'), of('deals', '-created_at'), of('tickets', '-created_at'),
    of('surveys', '-at'), of('orders', '-at'),
    store.read('audit.list', { filter: { entity: 'customers', entity_id: id }, sort: '-at', limit: LIST }),
  ]);
  const stages = await Promise.all(deals.items.map((d) => store.read('deal_stages.list', { filter: { deal_id: d.id }, sort: 'entered_at', limit: LIST })
    .then((r) => r.items)));
  const out = [];
  for (const f of followups.items) out.push({ kind: 'followup', at: f.at, record: f });
  deals.items.forEach((d, i) => out.push({ kind: 'deal', at: d.created_at, record: d, stages: stages[i] }));
  for (const tk of tickets.items) out.push({ kind: 'ticket', at: tk.created_at, record: tk });
  for (const s of surveys.items) out.push({ kind: 'survey', at: s.at, record: s });
  for (const o of orders.items) out.push({ kind: 'order', at: o.at, record: o });
  for (const a of audit.items) {
    const entry = auditEntry(a);
    if (entry) out.push(entry);
  }
  out.sort((x, y) => (Date.parse(y.at) - Date.parse(x.at)) || (x.kind < y.kind ? -1 : 1));
  for (const e of out) e.key = `${e.kind}-${e.record.id}`;
  return out;
}

/* An audit row as a timeline entry: a handover when the owner changed,
 * else the fields that changed; creation and unchanged rows are left out. */
function auditEntry(a) {
  if (a.action !== 'update' || !a.before || !a.after) return null;
  if (a.before.owner_id !== a.after.owner_id) {
    return { kind: 'handover', at: a.at, record: a, from: a.before.owner_id, to: a.after.owner_id };
  }
  const fields = Object.keys(a.after).filter((k) => JSON.stringify(a.before[k]) !== JSON.stringify(a.after[k]));
  return fields.length ? { kind: 'edit', at: a.at, record: a, fields } : null;
}
