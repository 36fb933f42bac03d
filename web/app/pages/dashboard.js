/*
 * The dashboard (看板): does the team's follow-up work work? Cards for
 * the core metrics with the change against the previous period, a
 * breakdown, charts, churn warnings and the reps' scorecard, for the
 * period and filters in the page address. Every number opens the records
 * behind it. Loaded on first visit, with the chart library.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useQuery } from '../ui/context.js';
import { t, errorText } from '../i18n/index.js';
import { route, navigate, href } from '../router.js';
import { PRESETS, previousPeriod } from './dashboard/period.js';
import { viewOf, queryOf, metricArgs, whoArgs, DIMS } from './dashboard/view.js';
import { WhoPickers } from './dashboard/who-picker.js';
import { CardGrid } from './dashboard/card-grid.js';
import { Charts } from './dashboard/charts.js';
import { Breakdown, ChurnList, Scorecard, RfmCustomers } from './dashboard/lists.js';
import { DrillDown } from './dashboard/drill.js';

/* The period, breakdown and filters; every change goes to the address. */
export function ViewControls({ view, path, withBy = true }) {
  const set = (change) => navigate(path, queryOf({ ...view, ...change }), { replace: true });
  const input = (k) => (e) => set({ [k]: e.currentTarget.value });
  return html`<form class="view-controls" onSubmit=${(e) => e.preventDefault()} aria-label=${t('dash.controls')}>
    <label>${t('dash.period')}
      <select id="period" value=${view.period} onChange=${(e) => set({ period: e.currentTarget.value })}>
        ${PRESETS.map((p) => html`<option value=${p} selected=${view.period === p}>${t(`dash.preset.${p}`)}</option>`)}
      </select></label>
    <label>${t('dash.from')}<input id="period-from" type="date" value=${view.from}
      onChange=${(e) => set({ period: 'custom', from: e.currentTarget.value })} /></label>
    <label>${t('dash.to')}<input id="period-to" type="date" value=${view.to}
      onChange=${(e) => set({ period: 'custom', to: e.currentTarget.value })} /></label>
    ${withBy ? html`<label>${t('dash.breakdown')}
      <select id="by" value=${view.by} onChange=${input('by')}>
        <option value="">${t('dash.by.none')}</option>
        ${DIMS.map((d) => html`<option value=${d} selected=${view.by === d}>${t(`dash.by.${d}`)}</option>`)}
      </select></label>` : null}
    <${WhoPickers} view=${view} set=${set} ids=${{ team: 'filter-team', rep: 'filter-rep' }} />
    <label>${t('dash.by.tier')}
      <select id="filter-tier" value=${view.tier} onChange=${input('tier')}>
        <option value="">${t('common.all')}</option>
        ${['A', 'B', 'C'].map((x) => html`<option value=${x} selected=${view.tier === x}>${x}</option>`)}
      </select></label>
    <label>${t('dash.by.channel')}<input id="filter-channel" value=${view.channel} onChange=${input('channel')} size="8" /></label>
    <label>${t('dash.by.source')}<input id="filter-source" value=${view.source} onChange=${input('source')} size="8" /></label>
  </form>`;
}

/* The last view of this tab, so the navigation's plain #/dashboard comes
 * back to the period and filters the user chose. */
const LAST_VIEW = 'genjin.dashboard.view';

export function Page() {
  const query = route.value.query;
  const kept = sessionStorage.getItem(LAST_VIEW);
  const restore = !Object.keys(query).length && kept;
  useEffect(() => {
    if (restore) navigate('/dashboard', JSON.parse(kept), { replace: true });
    else sessionStorage.setItem(LAST_VIEW, JSON.stringify(query));
  }, [JSON.stringify(query)]);
  const view = viewOf(restore ? JSON.parse(kept) : query);
  const args = metricArgs(view);
  const prev = previousPeriod(view);
  const prevArgs = metricArgs(view, prev);
  const by = view.by ? [view.by] : [];
  const now = useQuery('metrics.compute', { ...args, by });
  const before = useQuery('metrics.compute', prevArgs);
  const scoreBefore = useQuery('metrics.scorecard', prevArgs);
  const scoreNow = useQuery('metrics.scorecard', args);
  const [drill, setDrill] = useState(null);
  const [rfmPick, setRfmPick] = useState(null);
  const [rule, setRule] = useState(null);

  const openDrill = (metric, title, extra) => setDrill({ metric, title, query: { ...args, ...(extra || {}) } });
  const compute = now.data;
  return html`<div class="dashboard">
    <div class="page-head">
      <h1>${t('nav.dashboard')}</h1>
      <a class="button" id="open-report" href=${href('/report', { rep: view.rep, team: view.team || null })}>${t('dash.toReport')}</a>
    </div>
    <${ViewControls} view=${view} path="/dashboard" />
    <p class="muted period-line" id="period-line">${t('dash.periodLine', { from: view.from, to: view.to, pfrom: prev.from, pto: prev.to })}</p>
    ${now.error ? html`<p class="form-error" role="alert">${errorText(now.error)}</p>` : null}
    <${CardGrid} now=${compute} before=${before.data} loading=${now.loading} onDrill=${openDrill} />
    ${view.by && compute && compute.by[view.by] ? html`<${Breakdown} dim=${view.by} rows=${compute.by[view.by]} onDrill=${openDrill} />` : null}
    <${Charts} args=${args} range=${view} compute=${compute} onDrill=${openDrill}
      onRfm=${setRfmPick} onChurnRule=${(r) => { setRule(r); document.getElementById('churn').scrollIntoView(); }}
      onRep=${(r) => r && navigate('/dashboard', queryOf({ ...view, rep: r.rep_id }), { replace: true })} />
    <div class="dash-lists">
      <${ChurnList} who=${whoArgs(view)} rule=${rule} onRule=${setRule} />
      ${scoreNow.data ? html`<${Scorecard} now=${scoreNow.data} before=${scoreBefore.data}
        repHref=${(id) => href('/dashboard', queryOf({ ...view, rep: id }))} />` : null}
    </div>
    ${drill ? html`<${DrillDown} key=${drill.metric + JSON.stringify(drill.query)} query=${drill.query} metric=${drill.metric}
      title=${drill.title} onClose=${() => setDrill(null)} />` : null}
    ${rfmPick ? html`<${RfmCustomers} to=${view.to} who=${whoArgs(view)} pick=${rfmPick} onClose=${() => setRfmPick(null)} />` : null}
  </div>`;
}
