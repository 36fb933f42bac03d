/*
 * ECharts options of the dashboard's charts, each with its text
 * alternative ({option, table}). Pure functions of the core's answers and
 * the current language; no chart is drawn from a number the core did not
 * give.
 */
import { t, fmt, stageLabel } from '../../i18n/index.js';

const COLORS = ['#0f7b6c', '#0b5cad', '#8a5c00', '#c62828', '#6f42c1', '#1a7f37', '#5b6472'];
const base = { color: COLORS, textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' }, animation: false };
const pct = (v) => fmt.percent(v);
/* Tooltips draw on the canvas (richText), never as HTML: stage and rep
 * names are the users' own text. */
const tip = (o) => ({ renderMode: 'richText', ...o });

/* Conversion funnel: deals reaching each stage, with next-step and
 * cumulative rates. */
export function funnel(conversion) {
  const steps = conversion.funnel || [];
  const data = steps.map((s) => ({ name: stageLabel(s.stage), value: s.reached, stage: s.stage }));
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'item', formatter: (p) => {
        const s = steps[p.dataIndex];
        return `${p.name}\n${t('dash.funnel.reached')}: ${fmt.number(s.reached)}\n${t('dash.funnel.next')}: ${pct(s.next_step_rate)}\n${t('dash.funnel.cumulative')}: ${pct(s.cumulative_rate)}`;
      } }),
      series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '20%', gap: 2,
        label: { show: true, position: 'inside', formatter: (p) => `${p.name} ${fmt.number(p.value)}` }, data }],
    },
    table: {
      head: [t('dash.funnel.stage'), t('dash.funnel.reached'), t('dash.funnel.next'), t('dash.funnel.cumulative')],
      rows: steps.map((s) => [stageLabel(s.stage), fmt.number(s.reached), pct(s.next_step_rate), pct(s.cumulative_rate)]),
    },
  };
}

/* Weekly (or monthly) lines of the headline rates. `series` is
 * [{key, points: [{from, to, value}]}]. */
export function trend(series) {
  const labels = (series[0] ? series[0].points : []).map((p) => p.from);
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : pct(v)) }),
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: labels, axisLabel: { formatter: (d) => d.slice(5) } },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
      series: series.map((s) => ({ type: 'line', name: t(`metric.${s.key}`), connectNulls: false, symbolSize: 6,
        data: s.points.map((p) => p.value) })),
    },
    table: {
      head: [t('dash.trend.from'), ...series.map((s) => t(`metric.${s.key}`))],
      rows: labels.map((l, i) => [l, ...series.map((s) => pct(s.points[i] ? s.points[i].value : null))]),
    },
  };
}

const binLabels = (upper) => [...upper.map((u, i) => `${i ? upper[i - 1] : 0}–${u}h`), `≥${upper[upper.length - 1]}h`];
const binOf = (upper, h) => { const i = upper.findIndex((u) => h < u); return i < 0 ? upper.length : i; };

/* First-response time distribution (the core's bins of hours) with the
 * median and p90 marked. */
export function responseHistogram(hist, stats) {
  const labels = binLabels(hist.upper_hours);
  const marks = [];
  if (stats && stats.median !== null) marks.push({ xAxis: labels[binOf(hist.upper_hours, stats.median)], name: t('dash.median'), label: { formatter: `${t('dash.median')} ${fmt.hours(stats.median)}` } });
  if (stats && stats.p90 !== null) marks.push({ xAxis: labels[binOf(hist.upper_hours, stats.p90)], name: 'p90', label: { formatter: `p90 ${fmt.hours(stats.p90)}` } });
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'axis' }),
      grid: { left: 40, right: 16, top: 28, bottom: 28 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('dash.tickets'), data: hist.counts,
        markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#c62828' }, data: marks } }],
    },
    table: { head: [t('dash.response.bin'), t('dash.tickets')], rows: labels.map((l, i) => [l, fmt.number(hist.counts[i])]) },
  };
}

/* CSAT answers by score 1–5 (satisfaction.csat_scores). */
export function csatBars(counts) {
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'axis' }),
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('dash.responses'), data: counts.map((c, i) => ({ value: c, itemStyle: { color: i >= 3 ? '#1a7f37' : i === 2 ? '#8a5c00' : '#c62828' } })) }],
    },
    table: { head: [t('dash.score'), t('dash.responses')], rows: counts.map((c, i) => [String(i + 1), fmt.number(c)]) },
  };
}

/* NPS answers as promoters (9–10), passives (7–8), detractors (0–6). */
export function npsPie(sat) {
  const groups = [
    { key: 'promoters', n: sat.promoters, color: '#1a7f37' },
    { key: 'passives', n: sat.passives, color: '#8a5c00' },
    { key: 'detractors', n: sat.detractors, color: '#c62828' },
  ];
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'item' }),
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['40%', '70%'], label: { formatter: '{b}: {c}' },
        data: groups.map((g) => ({ name: t(`dash.nps.${g.key}`), value: g.n, group: g.key, itemStyle: { color: g.color } })) }],
    },
    table: { head: [t('dash.nps.group'), t('dash.responses')], rows: groups.map((g) => [t(`dash.nps.${g.key}`), fmt.number(g.n)]) },
  };
}

/* RFM grid: customers by recency score (rows) and frequency score
 * (columns), grid[r-1][f-1] from metrics.rfm. */
export function rfmHeatmap(grid) {
  const data = [];
  let max = 0;
  for (let r = 0; r < 5; r++) for (let f = 0; f < 5; f++) {
    const n = grid[r][f];
    max = Math.max(max, n);
    data.push([f, r, n]);
  }
  const axis = ['1', '2', '3', '4', '5'];
  return {
    option: {
      ...base,
      tooltip: tip({ formatter: (p) => `R${p.value[1] + 1} F${p.value[0] + 1}: ${fmt.number(p.value[2])}` }),
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: axis, name: t('dash.rfm.f'), nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: axis, name: t('dash.rfm.r'), nameLocation: 'middle', nameGap: 28 },
      visualMap: { min: 0, max: Math.max(max, 1), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
        inRange: { color: ['#f6f7f9', '#0f7b6c'] } },
      series: [{ type: 'heatmap', data, label: { show: true } }],
    },
    table: {
      head: [t('dash.rfm.r'), ...axis.map((f) => `F${f}`)],
      rows: [4, 3, 2, 1, 0].map((r) => [`R${r + 1}`, ...grid[r].map((n) => fmt.number(n))]),
    },
  };
}

/* Customers per ABC tier: computed from value, beside the manual tier. */
export function abcBars(rfm) {
  const tiers = ['A', 'B', 'C'];
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'axis' }),
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: tiers },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('dash.abc.computed'), data: tiers.map((x) => (rfm.computed_tiers || {})[x] || 0) },
        { type: 'bar', name: t('dash.abc.effective'), data: tiers.map((x) => (rfm.tiers || {})[x] || 0) },
      ],
    },
    table: {
      head: [t('dash.abc.tier'), t('dash.abc.computed'), t('dash.abc.effective')],
      rows: tiers.map((x) => [x, fmt.number((rfm.computed_tiers || {})[x] || 0), fmt.number((rfm.tiers || {})[x] || 0)]),
    },
  };
}

export const RULES = ['no_reply', 'purchase_gap', 'activity_drop', 'cadence', 'open_complaint'];

/* Churn warnings fired per rule. */
export function churnBars(fired) {
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'axis' }),
      grid: { left: 120, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: RULES.map((r) => t(`rule.${r}`)), inverse: true },
      series: [{ type: 'bar', name: t('dash.customers'), data: RULES.map((r) => ({ value: fired[r] || 0, rule: r })), itemStyle: { color: '#c62828' } }],
    },
    table: { head: [t('dash.churn.rule'), t('dash.customers')], rows: RULES.map((r) => [t(`rule.${r}`), fmt.number(fired[r] || 0)]) },
  };
}

/* The reps' scorecard totals, best first. */
export function leaderboard(reps) {
  const rows = reps.slice().sort((a, b) => (a.rank || 99) - (b.rank || 99));
  return {
    option: {
      ...base,
      tooltip: tip({ trigger: 'axis', valueFormatter: (v) => fmt.number(v, 1) }),
      grid: { left: 96, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
      series: [{ type: 'bar', name: t('score.total'), data: rows.map((r) => ({ value: r.total, rep_id: r.rep_id })) }],
    },
    table: { head: [t('score.rank'), t('score.rep'), t('score.total')], rows: rows.map((r) => [String(r.rank), r.name, fmt.number(r.total, 1)]) },
  };
}
