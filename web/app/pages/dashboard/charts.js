/*
 * The dashboard's charts. Each asks the core for exactly what it draws
 * and opens the records behind an element on click: a funnel stage, a
 * trend point, a histogram bar, a survey score, an RFM cell (its
 * customers), a tier, a churn rule, a rep.
 */
import { useMemo } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useQuery } from '../../ui/context.js';
import { t, locale } from '../../i18n/index.js';
import { Chart } from './chart-figure.js';
import * as O from './options.js';
import { trendRange } from './period.js';

const TREND_KEYS = ['activity.active_rate', 'conversion.win_rate', 'satisfaction.csat_pct', 'response.same_day_rate'];

/* The headline rates' trend lines, from one metrics.trend request. */
export function useTrends(args, range) {
  const tr = trendRange(range);
  const q = useQuery('metrics.trend', { ...args, from: tr.from, to: tr.to, metrics: TREND_KEYS, bucket: tr.bucket });
  if (!q.data) return null;
  return TREND_KEYS.map((key, i) => ({ key, points: q.data.points.map((p) => ({ from: p.from, to: p.to, value: p.values[i] })) }));
}

function Loading({ id, title }) {
  return html`<figure class="chart" id=${id}><figcaption>${title}</figcaption>
    <div class="chart-canvas chart-wait" role="status"><span class="spinner" aria-label=${t('common.loading')}></span></div></figure>`;
}

/* props: args (metrics args of the view), range, compute (the current
 * metrics.compute answer), onDrill(metric, title, extra), onRfm(segment query) */
export function Charts({ args, range, compute, onDrill, onRfm, onChurnRule, onRep }) {
  const lang = locale.value;
  const trends = useTrends(args, range);
  const rfmArgs = { to: range.to, limit: 1 };
  const who = {};
  if (args.rep_id) who.rep_id = args.rep_id;
  if (args.team) who.team = args.team;
  if (args.tier) rfmArgs.tier = args.tier;
  const rfm = useQuery('metrics.rfm', { ...rfmArgs, ...who });
  const churn = useQuery('alerts.churn', { limit: 1, ...who });
  const score = useQuery('metrics.scorecard', args);

  const charts = useMemo(() => ({
    funnel: compute && O.funnel(compute.conversion),
    trend: trends && O.trend(trends),
    response: compute && O.responseHistogram(compute.response.first_response_hist, compute.response.first_response_hours),
    csat: compute && O.csatBars(compute.satisfaction.csat_scores),
    nps: compute && O.npsPie(compute.satisfaction),
    rfm: rfm.data && O.rfmHeatmap(rfm.data.grid),
    abc: rfm.data && O.abcBars(rfm.data),
    churn: churn.data && O.churnBars(churn.data.fired),
    board: score.data && O.leaderboard(score.data.reps),
  }), [compute, trends, rfm.data, churn.data, score.data, lang]);

  const one = (id, title, c, onClick, height) => (c
    ? html`<${Chart} id=${id} title=${title} option=${c.option} table=${c.table} onClick=${onClick} height=${height} />`
    : html`<${Loading} id=${id} title=${title} />`);

  return html`<section class="charts" aria-label=${t('dash.charts')}>
    ${one('chart-funnel', t('dash.chart.funnel'), charts.funnel, (p) => onDrill(`conversion.funnel.${p.dataIndex}.reached`, `${t('dash.chart.funnel')} · ${p.name}`))}
    ${one('chart-trend', t('dash.chart.trend'), charts.trend, (p) => {
      const key = TREND_KEYS[p.seriesIndex];
      const pt = trends[p.seriesIndex].points[p.dataIndex];
      onDrill(key, `${t(`metric.${key}`)} · ${pt.from}`, { from: pt.from, to: pt.to });
    })}
    ${one('chart-response', t('dash.chart.response'), charts.response, () => onDrill('response.first_response_hours.median', t('dash.chart.response')))}
    ${one('chart-csat', t('dash.chart.csat'), charts.csat, () => onDrill('satisfaction.csat_pct', t('dash.chart.csat')))}
    ${one('chart-nps', t('dash.chart.nps'), charts.nps, () => onDrill('satisfaction.nps', t('dash.chart.nps')))}
    ${one('chart-rfm', t('dash.chart.rfm'), charts.rfm, (p) => onRfm({ r: p.value[1] + 1, f: p.value[0] + 1 }), 300)}
    ${one('chart-abc', t('dash.chart.abc'), charts.abc, (p) => onRfm({ tier: ['A', 'B', 'C'][p.dataIndex] }))}
    ${one('chart-churn', t('dash.chart.churn'), charts.churn, (p) => onChurnRule(O.RULES[p.dataIndex]))}
    ${one('chart-board', t('dash.chart.board'), charts.board, (p) => onRep(score.data.reps.slice().sort((a, b) => a.rank - b.rank)[p.dataIndex]), Math.max(200, (score.data ? score.data.reps.length : 4) * 34))}
  </section>`;
}
