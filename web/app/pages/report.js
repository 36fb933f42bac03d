/*
 * The weekly report (周报): one ISO week (default last week), optionally
 * one team or rep — headline metrics with their change against the week before,
 * a generated summary, the funnel and trend charts, the leaderboard, the
 * biggest movers (metrics, customers whose activity dropped, deals that
 * went late), the overdue list and the churn warnings. "Print / Save as
 * PDF" prints it on A4 without the app's chrome (print.css).
 */
import { html } from '../ui/html.js';
import { useStore, useQuery } from '../ui/context.js';
import { t, fmt, stageLabel, errorText } from '../i18n/index.js';
import { route, navigate } from '../router.js';
import { CARDS, valueAt } from './dashboard/cards.js';
import { formatValue } from './dashboard/card-grid.js';
import { Chart } from './dashboard/chart-figure.js';
import * as O from './dashboard/options.js';
import { isoWeekRange, isoWeekOf, addDays, previousPeriod } from './dashboard/period.js';
import { useTrends } from './dashboard/charts.js';
import { whoArgs } from './dashboard/view.js';
import { WhoPickers } from './dashboard/who-picker.js';
import { localToday } from '../i18n/index.js';
import { summaryLines, movers } from './report/summary.js';

/* {week, from, to, rep, team} of the address: ?week=2025-W22 or ?from=&to=,
 * and &team=华东组, &rep=3 as on the dashboard. */
function reportView(q) {
  const who = { rep: /^\d+$/.test(q.rep || '') ? Number(q.rep) : null, team: q.team || '' };
  const byWeek = isoWeekRange(q.week);
  if (byWeek) return { week: q.week, ...byWeek, ...who };
  if (/^\d{4}-\d{2}-\d{2}$/.test(q.from || '') && /^\d{4}-\d{2}-\d{2}$/.test(q.to || '') && q.from < q.to) {
    return { week: null, from: q.from, to: q.to, ...who };
  }
  const week = isoWeekOf(addDays(localToday(), -7));
  return { week, ...isoWeekRange(week), ...who };
}

function Section({ id, title, children }) {
  return html`<section class="report-section" id=${id} aria-labelledby=${`${id}-title`}>
    <h2 id=${`${id}-title`}>${title}</h2>${children}</section>`;
}

function Headline({ now, before }) {
  return html`<table class="data report-table" id="report-headline">
    <thead><tr><th scope="col">${t('report.metric')}</th><th scope="col" class="num">${t('report.thisWeek')}</th>
      <th scope="col" class="num">${t('report.lastWeek')}</th><th scope="col" class="num">${t('report.change')}</th></tr></thead>
    <tbody>${CARDS.map((c) => {
      const v = valueAt(now, c.key);
      const b = before ? valueAt(before, c.key) : null;
      const d = v !== null && b !== null ? v - b : null;
      const good = d === null || Math.abs(d) < 1e-12 ? '' : (d > 0) === c.up ? 'good' : 'bad';
      const dText = d === null ? '—' : Math.abs(d) < 1e-12 ? '=' : `${d > 0 ? '▲' : '▼'} ${c.kind === 'percent' ? t('dash.points', { n: fmt.number(Math.abs(d) * 100, 1) }) : formatValue(c.kind, Math.abs(d))}`;
      return html`<tr data-key=${c.key}><th scope="row">${t(`metric.${c.key}`)}</th>
        <td class="num">${formatValue(c.kind, v)}</td><td class="num">${formatValue(c.kind, b)}</td><td class=${`num delta ${good}`}>${dText}</td></tr>`;
    })}</tbody>
  </table>`;
}

function Customers({ items, empty, cols }) {
  if (!items) return html`<p class="muted" data-loading="yes">${t('common.loading')}</p>`;
  if (!items.length) return html`<p class="muted">${empty}</p>`;
  return html`<table class="data report-table"><thead><tr>${cols.map((c) => html`<th scope="col">${c.head}</th>`)}</tr></thead>
    <tbody>${items.map((it) => html`<tr>${cols.map((c, i) => (i === 0 ? html`<th scope="row">${c.cell(it)}</th>` : html`<td>${c.cell(it)}</td>`))}</tr>`)}</tbody></table>`;
}

export function Page() {
  const store = useStore();
  const view = reportView(route.value.query);
  const repArg = whoArgs(view);
  const args = { from: view.from, to: view.to, ...repArg };
  const prev = previousPeriod(view);
  const prevArgs = { ...args, ...prev };
  const now = useQuery('metrics.compute', args);
  const before = useQuery('metrics.compute', prevArgs);
  const score = useQuery('metrics.scorecard', args);
  const trends = useTrends(args, view);
  const drops = useQuery('alerts.churn', { rule: 'activity_drop', limit: 10, ...repArg });
  const churn = useQuery('alerts.churn', { limit: 10, ...repArg });
  const late = useQuery('metrics.explain', { ...args, metric: 'response.stage_deadline_rate', part: 'denominator', limit: 10 });
  const due = useQuery('followups.due', { limit: 15, ...repArg });
  const repName = (id) => (id ? (store.repById.value.get(id) || { name: `#${id}` }).name : t('common.unassigned'));
  const set = (change) => navigate('/report', { week: view.week, rep: view.rep, team: view.team || null, ...change }, { replace: true });

  const ready = now.data && before.data;
  const title = view.week ? t('report.titleWeek', { week: view.week }) : t('report.title');
  const trendData = trends ? O.trend(trends) : null;
  const funnel = now.data ? O.funnel(now.data.conversion) : null;
  const moved = ready ? movers(now.data, before.data) : [];
  return html`<article class="report" id="report">
    <div class="page-head">
      <h1 id="report-title">${title}</h1>
      <button type="button" class="primary no-print" id="print-report" onClick=${() => window.print()}>${t('report.print')}</button>
    </div>
    <form class="view-controls no-print" onSubmit=${(e) => e.preventDefault()} aria-label=${t('dash.controls')}>
      <label>${t('report.week')}<input type="week" id="report-week" value=${view.week || ''}
        onChange=${(e) => e.currentTarget.value && set({ week: e.currentTarget.value })} /></label>
      <${WhoPickers} view=${view} set=${set} ids=${{ team: 'report-team', rep: 'report-rep' }} />
    </form>
    <p class="report-meta" id="report-meta">${t('report.meta', {
      from: view.from, to: addDays(view.to, -1), who: view.rep ? repName(view.rep) : view.team || t('report.team'), made: fmt.datetime(new Date().toISOString()),
    })}</p>
    ${now.error ? html`<p class="form-error" role="alert">${errorText(now.error)}</p>` : null}
    ${ready ? html`<${Section} id="report-summary" title=${t('report.summary')}>
      <p class="report-summary-text">${summaryLines(now.data, before.data).join(t('report.sep'))}</p>
    </${Section}>
    <${Section} id="report-metrics" title=${t('report.headline')}><${Headline} now=${now.data} before=${before.data} /></${Section}>` : html`<p class="muted" role="status">${t('common.loading')}</p>`}
    <${Section} id="report-charts" title=${t('report.charts')}>
      <div class="report-charts">
        ${funnel ? html`<${Chart} id="report-funnel" title=${t('dash.chart.funnel')} option=${funnel.option} table=${funnel.table} height=${240} />` : null}
        ${trendData ? html`<${Chart} id="report-trend" title=${t('dash.chart.trend')} option=${trendData.option} table=${trendData.table} height=${240} />` : null}
      </div>
    </${Section}>
    <${Section} id="report-board" title=${t('score.title')}>
      <${Customers} items=${score.data ? score.data.reps.slice().sort((a, b) => a.rank - b.rank) : null} empty=${t('common.empty')} cols=${[
        { head: t('score.rep'), cell: (r) => r.name },
        { head: t('score.rank'), cell: (r) => r.rank },
        { head: t('score.total'), cell: (r) => fmt.number(r.total, 1) },
        { head: t('score.goalWon'), cell: (r) => fmt.percent(r.goal_attainment.won_amount, 0) },
        { head: t('score.goalFollowups'), cell: (r) => fmt.percent(r.goal_attainment.followups, 0) },
      ]} />
    </${Section}>
    <${Section} id="report-movers" title=${t('report.movers')}>
      <h3>${t('report.movedMetrics')}</h3>
      ${moved.length ? html`<ul class="movers">${moved.map((m) => html`<li class=${m.good ? 'good' : 'bad'}>
        ${t('report.moved', { metric: t(`metric.${m.card.key}`), before: m.before, now: m.now, dir: m.dir > 0 ? '▲' : '▼' })}</li>`)}</ul>`
        : html`<p class="muted">${t('report.noMovers')}</p>`}
      <h3>${t('report.activityDropped')}</h3>
      <${Customers} items=${drops.data ? drops.data.items : null} empty=${t('report.none')} cols=${[
        { head: t('dash.customer'), cell: (c) => html`<a href=${`#/customers/${c.customer_id}`}>${c.name}</a>` },
        { head: t('dash.owner'), cell: (c) => repName(c.owner_id) },
        { head: t('dash.value'), cell: (c) => fmt.money(c.value) },
      ]} />
      <h3>${t('report.wentLate')}</h3>
      <${Customers} items=${late.data ? late.data.items : null} empty=${t('report.none')} cols=${[
        { head: t('drill.col.deal_id'), cell: (d) => `#${d.deal_id}` },
        { head: t('drill.col.stage'), cell: (d) => stageLabel(d.stage) },
        { head: t('drill.col.days'), cell: (d) => fmt.days(d.days) },
        { head: t('drill.col.deadline_days'), cell: (d) => fmt.days(d.deadline_days) },
      ]} />
    </${Section}>
    <${Section} id="report-overdue" title=${t('report.overdue')}>
      <${Customers} items=${due.data ? due.data.items.filter((i) => i.status === 'overdue') : null} empty=${t('report.none')} cols=${[
        { head: t('dash.customer'), cell: (i) => html`<a href=${`#/customers/${i.customer_id}`}>${i.name}</a>` },
        { head: t('dash.owner'), cell: (i) => repName(i.rep_id) },
        { head: t('drill.col.reason'), cell: (i) => t(`rule.${i.reason}`) },
        { head: t('drill.col.due'), cell: (i) => fmt.date(i.due_at) },
        { head: t('report.overdueDays'), cell: (i) => fmt.days(i.overdue_days) },
      ]} />
      ${due.data ? html`<p class="muted">${t('report.overdueTotal', { n: fmt.number(due.data.overdue) })}</p>` : null}
    </${Section}>
    <${Section} id="report-churn" title=${t('dash.churn.title')}>
      <${Customers} items=${churn.data ? churn.data.items : null} empty=${t('dash.churn.none')} cols=${[
        { head: t('dash.customer'), cell: (c) => html`<a href=${`#/customers/${c.customer_id}`}>${c.name}</a>` },
        { head: t('dash.value'), cell: (c) => fmt.money(c.value) },
        { head: t('dash.churn.rule'), cell: (c) => c.warnings.map((w) => t(`rule.${w.rule}`)).join(t('report.sep')) },
        { head: t('dash.owner'), cell: (c) => repName(c.owner_id) },
      ]} />
    </${Section}>
  </article>`;
}
