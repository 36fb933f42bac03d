/*
 * Periods of the dashboard and the report as local dates of the workspace
 * ("YYYY-MM-DD", end exclusive: [from, to)), which is how metrics.compute
 * reads a bound without a zone. Pure date arithmetic on UTC dates, so the
 * browser's own time zone never leaks in.
 */
import { localToday } from '../../i18n/index.js';

export const PRESETS = ['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_30', 'last_90', 'custom'];

const DAY = 86400000;
const parse = (d) => Date.parse(`${d}T00:00:00Z`);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date, n) {
  return iso(parse(date) + n * DAY);
}

/* The Monday of the ISO week holding `date`. */
export function weekStart(date) {
  const dow = (new Date(parse(date)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -dow);
}

function monthStart(date, plusMonths = 0) {
  const d = new Date(parse(date));
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plusMonths, 1));
}

/* {from, to} of a preset, relative to `today` (the workspace's date). */
export function presetRange(preset, today = localToday()) {
  const tomorrow = addDays(today, 1);
  switch (preset) {
    case 'this_week': return { from: weekStart(today), to: addDays(weekStart(today), 7) };
    case 'last_week': return { from: addDays(weekStart(today), -7), to: weekStart(today) };
    case 'this_month': return { from: monthStart(today), to: monthStart(today, 1) };
    case 'last_month': return { from: monthStart(today, -1), to: monthStart(today) };
    case 'this_quarter': {
      const m = new Date(parse(today)).getUTCMonth();
      const first = monthStart(today, -(m % 3));
      return { from: first, to: monthStart(first, 3) };
    }
    case 'last_90': return { from: addDays(tomorrow, -90), to: tomorrow };
    case 'last_30':
    default: return { from: addDays(tomorrow, -30), to: tomorrow };
  }
}

/* The period of the same length just before [from, to). */
export function previousPeriod({ from, to }) {
  const days = Math.round((parse(to) - parse(from)) / DAY);
  return { from: addDays(from, -days), to: from };
}

export function periodDays({ from, to }) {
  return Math.round((parse(to) - parse(from)) / DAY);
}

export function validRange(from, to) {
  return /^\d{4}-\d{2}-\d{2}$/.test(from || '') && /^\d{4}-\d{2}-\d{2}$/.test(to || '') && parse(from) < parse(to);
}

/* The range and bucket of the trend charts: at least the twelve weeks up
 * to the period's end (a one-week period has no trend of its own), by
 * week up to half a year and by month beyond. */
export function trendRange(range) {
  const twelveWeeks = addDays(range.to, -84);
  const from = parse(range.from) < parse(twelveWeeks) ? range.from : twelveWeeks;
  const span = { from, to: range.to };
  return { ...span, bucket: periodDays(span) <= 190 ? 'week' : 'month' };
}

/* ISO week "2025-W23" ↔ its Monday..next Monday. */
export function isoWeekRange(week) {
  const m = /^(\d{4})-W(\d{2})$/.exec(week || '');
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const jan4 = `${year}-01-04`;
  const from = addDays(weekStart(jan4), (n - 1) * 7);
  if (n < 1 || isoWeekOf(from) !== week) return null;
  return { from, to: addDays(from, 7) };
}

export function isoWeekOf(date) {
  const monday = weekStart(date);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const firstMonday = weekStart(`${year}-01-04`);
  const n = Math.round((parse(monday) - parse(firstMonday)) / (7 * DAY)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}
