/*
 * The dashboard's view in the page address: period (a preset or a custom
 * from/to), breakdown and filters, so a view can be bookmarked, shared
 * and survives reload. #/dashboard?period=last_month&by=rep&team=华东组&rep=3
 * — #/report uses the same keys. `team` is a team's name (reps.team).
 */
import { PRESETS, presetRange, validRange } from './period.js';

export const DIMS = ['rep', 'tier', 'channel', 'source'];

/* {period, from, to, by, rep, team, tier, channel, source} of a route query. */
export function viewOf(query, defaultPreset = 'last_30') {
  let period = PRESETS.includes(query.period) ? query.period : null;
  let range;
  if ((period === 'custom' || !period) && validRange(query.from, query.to)) {
    period = 'custom';
    range = { from: query.from, to: query.to };
  } else {
    if (!period || period === 'custom') period = defaultPreset;
    range = presetRange(period);
  }
  return {
    period, ...range,
    by: DIMS.includes(query.by) ? query.by : '',
    rep: /^\d+$/.test(query.rep || '') ? Number(query.rep) : null,
    team: query.team || '',
    tier: ['A', 'B', 'C'].includes(query.tier) ? query.tier : '',
    channel: query.channel || '',
    source: query.source || '',
  };
}

/* The route query of a view (custom ranges keep their dates). */
export function queryOf(v) {
  return {
    period: v.period,
    from: v.period === 'custom' ? v.from : null,
    to: v.period === 'custom' ? v.to : null,
    by: v.by || null, rep: v.rep || null, team: v.team || null, tier: v.tier || null, channel: v.channel || null, source: v.source || null,
  };
}

/* Whose records a view is about: the rep_id and team args of every op. */
export function whoArgs(v) {
  const a = {};
  if (v.rep) a.rep_id = v.rep;
  if (v.team) a.team = v.team;
  return a;
}

/* The metrics.compute / explain args of a view over `range`. */
export function metricArgs(v, range = v) {
  const a = { from: range.from, to: range.to, ...whoArgs(v) };
  if (v.tier) a.tier = v.tier;
  if (v.channel) a.channel = v.channel;
  if (v.source) a.source = v.source;
  return a;
}
