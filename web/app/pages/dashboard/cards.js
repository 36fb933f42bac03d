/*
 * The dashboard's cards: the five core metrics and their companions. Each
 * names its key in metrics.compute (also the metric metrics.explain
 * drills into), how its value reads, and whether up is good (the colour
 * of the change against the previous period).
 */
export const CARDS = [
  { key: 'activity.active_rate', kind: 'percent', up: true, core: true },
  { key: 'conversion.win_rate', kind: 'percent', up: true, core: true },
  { key: 'satisfaction.csat_pct', kind: 'percent', up: true, core: true },
  { key: 'satisfaction.nps', kind: 'nps', up: true, core: true },
  { key: 'response.first_response_hours.median', kind: 'hours', up: false, core: true },
  { key: 'response.same_day_rate', kind: 'percent', up: true, core: true },
  { key: 'retention.repurchase_rate', kind: 'percent', up: true, core: true },
  { key: 'retention.churn_rate', kind: 'percent', up: false, core: true },
  { key: 'conversion.followups', kind: 'count', up: true },
  { key: 'response.missed_followup_rate', kind: 'percent', up: false },
  { key: 'response.stage_deadline_rate', kind: 'percent', up: true },
  { key: 'satisfaction.complaint_rate', kind: 'percent', up: false },
  { key: 'cycle.median_days', kind: 'days', up: false },
  { key: 'retention.clv_historical', kind: 'money', up: true },
  { key: 'conversion.won_amount', kind: 'money', up: true },
];

/* Why a card shows "—": the count whose zero leaves it undefined. */
export const EMPTY_BECAUSE = {
  'activity.active_rate': 'dash.empty.customers',
  'conversion.win_rate': 'dash.empty.closed',
  'satisfaction.csat_pct': 'dash.empty.csat',
  'satisfaction.nps': 'dash.empty.nps',
  'response.first_response_hours.median': 'dash.empty.responses',
  'response.same_day_rate': 'dash.empty.responses',
  'retention.repurchase_rate': 'dash.empty.ordering',
  'retention.churn_rate': 'dash.empty.customers',
  'response.missed_followup_rate': 'dash.empty.due',
  'response.stage_deadline_rate': 'dash.empty.stages',
  'satisfaction.complaint_rate': 'dash.empty.tickets',
  'cycle.median_days': 'dash.empty.won',
  'retention.clv_historical': 'dash.empty.ordering',
  'conversion.won_amount': 'dash.empty.won',
};

/* The value at a dotted path of a metrics.compute answer (null if absent). */
export function valueAt(data, path) {
  let v = data;
  for (const part of path.split('.')) {
    if (v === null || v === undefined) return null;
    v = v[part];
  }
  return v === undefined ? null : v;
}

/* The change from `before` to `now` for a card: {delta, dir, good} or
 * null when either side is missing. Rates change in percentage points. */
export function change(card, now, before) {
  if (now === null || before === null || now === undefined || before === undefined) return null;
  const delta = now - before;
  const dir = Math.abs(delta) < 1e-12 ? 0 : delta > 0 ? 1 : -1;
  return { delta, dir, good: dir === 0 ? null : (dir > 0) === card.up };
}
