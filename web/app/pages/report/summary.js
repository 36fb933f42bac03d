/*
 * The weekly report's words: the summary sentence and the biggest movers,
 * from this week's and last week's metrics.compute answers. Nothing here
 * invents a number: every figure is one of the two answers or their
 * difference.
 */
import { t, fmt } from '../../i18n/index.js';
import { CARDS, valueAt, change } from '../dashboard/cards.js';
import { formatValue } from '../dashboard/card-grid.js';

/* "+8%" / "−3%" relative change of a count, or null when last week was 0. */
function relative(now, before) {
  if (!before) return null;
  const r = (now - before) / before;
  return `${r >= 0 ? '+' : '−'}${fmt.percent(Math.abs(r), 0)}`;
}

/* The summary sentences of the week, in the current language. */
export function summaryLines(now, before) {
  const lines = [];
  const fu = now.conversion.followups;
  const fuBefore = before ? before.conversion.followups : null;
  const rel = fuBefore !== null ? relative(fu, fuBefore) : null;
  lines.push(rel ? t('report.sum.followups', { n: fmt.number(fu), change: rel })
    : t('report.sum.followupsPlain', { n: fmt.number(fu) }));
  const frt = now.response.first_response_hours.median;
  if (frt !== null) lines.push(t('report.sum.firstResponse', { v: fmt.hours(frt) }));
  lines.push(t('report.sum.deals', { won: fmt.number(now.conversion.won), amount: fmt.money(now.conversion.won_amount), rate: fmt.percent(now.conversion.win_rate) }));
  if (now.satisfaction.csat_pct !== null) lines.push(t('report.sum.csat', { v: fmt.percent(now.satisfaction.csat_pct), n: fmt.number(now.satisfaction.csat_responses) }));
  if (now.response.missed_followup_rate !== null) lines.push(t('report.sum.missed', { v: fmt.percent(now.response.missed_followup_rate) }));
  return lines;
}

/* The cards whose value moved most against last week, largest first:
 * rates by percentage points, others by relative change. */
export function movers(now, before, n = 5) {
  if (!before) return [];
  const out = [];
  for (const card of CARDS) {
    const v = valueAt(now, card.key);
    const b = valueAt(before, card.key);
    const c = change(card, v, b);
    if (!c || c.dir === 0) continue;
    const size = card.kind === 'percent' ? Math.abs(c.delta) : b ? Math.abs(c.delta / b) : Math.abs(c.delta);
    out.push({ card, now: formatValue(card.kind, v), before: formatValue(card.kind, b), dir: c.dir, good: c.good, size });
  }
  return out.sort((a, b) => b.size - a.size).slice(0, n);
}
