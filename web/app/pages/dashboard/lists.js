/*
 * The dashboard's lists: the breakdown table, churn warnings by customer
 * value with "log follow-up" on each row, the reps' scorecard with the
 * rank change against the previous period and goal bars, and the
 * customers of an RFM cell or tier.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore, useQuery } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { FollowupForm } from '../../ui/followup-form.js';
import { t, fmt } from '../../i18n/index.js';
import { formatValue } from './card-grid.js';
import { CARDS, valueAt } from './cards.js';
import { cellText, colLabel } from './drill.js';

const BREAKDOWN_COLS = CARDS.filter((c) => c.core);

/* One row per key of the breakdown; a cell opens the records behind it. */
export function Breakdown({ dim, rows, onDrill }) {
  const store = useStore();
  const keyText = (r) => (r.key === null ? t('common.unassigned') : dim === 'rep' ? (store.repById.value.get(r.rep_id) || { name: r.key }).name : r.key);
  const filterOf = (r) => {
    if (r.key === null) return null;
    if (dim === 'rep') return { rep_id: r.rep_id };
    return { [dim]: r.key };
  };
  return html`<section class="panel" aria-labelledby="breakdown-title">
    <h2 id="breakdown-title">${t('dash.breakdown.title', { dim: t(`dash.by.${dim}`) })}</h2>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${t('dash.breakdown.title', { dim: t(`dash.by.${dim}`) })}><table class="data" id="breakdown">
      <thead><tr><th scope="col">${t(`dash.by.${dim}`)}</th>${BREAKDOWN_COLS.map((c) => html`<th scope="col">${t(`metric.${c.key}`)}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>
        <th scope="row">${keyText(r)}</th>
        ${BREAKDOWN_COLS.map((c) => {
          const f = filterOf(r);
          const v = formatValue(c.kind, valueAt(r, c.key));
          return html`<td>${f ? html`<button type="button" class="link" onClick=${() => onDrill(c.key, `${t(`metric.${c.key}`)} · ${keyText(r)}`, f)}>${v}</button>` : v}</td>`;
        })}
      </tr>`)}</tbody>
    </table></div>
  </section>`;
}

function warningText(w) {
  const parts = Object.entries(w).filter(([k]) => k !== 'rule' && !k.endsWith('_id'))
    .map(([k, v]) => `${colLabel(k)} ${cellText(k, v)}`);
  return `${t(`rule.${w.rule}`)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/* Churn warnings, most valuable customers first. */
export function ChurnList({ who, rule, onRule }) {
  const store = useStore();
  const [offset, setOffset] = useState(0);
  const [logFor, setLogFor] = useState(null);
  const args = { limit: 20, offset, ...who };
  if (rule) args.rule = rule;
  const q = useQuery('alerts.churn', args);
  const data = q.data;
  return html`<section class="panel" aria-labelledby="churn-title" id="churn">
    <div class="panel-head">
      <h2 id="churn-title">${t('dash.churn.title')}</h2>
      ${rule ? html`<button type="button" class="chip" onClick=${() => onRule(null)}>${t(`rule.${rule}`)} ×</button>` : null}
    </div>
    ${q.error ? html`<p class="form-error" role="alert">${q.error.message}</p>` : null}
    ${data && !data.items.length ? html`<p class="muted">${t('dash.churn.none')}</p>` : null}
    ${data && data.items.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('dash.churn.title')}><table class="data" id="churn-table">
      <thead><tr><th scope="col">${t('dash.customer')}</th><th scope="col">${t('dash.value')}</th>
        <th scope="col">${t('dash.churn.why')}</th><th scope="col">${t('dash.owner')}</th><th scope="col"><span class="sr-only">${t('dash.actions')}</span></th></tr></thead>
      <tbody>${data.items.map((c) => html`<tr>
        <td><a href=${`#/customers/${c.customer_id}`}>${c.name}</a> <span class="badge">${c.tier}</span></td>
        <td>${fmt.money(c.value)}</td>
        <td><ul class="plain">${c.warnings.map((w) => html`<li>${warningText(w)}</li>`)}</ul></td>
        <td>${c.owner_id ? (store.repById.value.get(c.owner_id) || { name: `#${c.owner_id}` }).name : t('common.unassigned')}</td>
        <td><button type="button" class="log-followup" onClick=${() => setLogFor(c)} disabled=${store.readonly.value}>${t('dash.logFollowup')}</button></td>
      </tr>`)}</tbody>
    </table></div>
    <div class="pager">
      <button type="button" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - 20))}>${t('drill.prev')}</button>
      <span>${t('drill.range', { from: fmt.number(Math.min(data.total, offset + 1)), to: fmt.number(Math.min(data.total, offset + 20)), total: fmt.number(data.total) })}</span>
      <button type="button" disabled=${offset + 20 >= data.total} onClick=${() => setOffset(offset + 20)}>${t('drill.next')}</button>
    </div>` : null}
    ${logFor ? html`<${Dialog} id="churn-log" title=${t('dash.logFollowupFor', { name: logFor.name })} onClose=${() => setLogFor(null)}>
      <${FollowupForm} customerId=${logFor.customer_id} defaults=${{ tier: logFor.tier, rep_id: logFor.owner_id }}
        onCancel=${() => setLogFor(null)} onSaved=${() => { setLogFor(null); store.say(t('dash.followupSaved')); }} />
    </${Dialog}>` : null}
  </section>`;
}

/* An indicator's value or target as the scorecard reads it. */
function indicatorValue(key, v) {
  if (v === null || v === undefined) return '—';
  if (key === 'won_amount') return fmt.money(v);
  if (key.endsWith('_rate') || key === 'record_completeness') return fmt.percent(v);
  if (key.endsWith('_hours')) return fmt.hours(v);
  return fmt.number(v, 1);
}

/* The reps' scorecard: rank, change against the previous period, total,
 * group scores, each indicator's value, target and score, goals as bars;
 * a rep's name opens the dashboard filtered to their records. */
export function Scorecard({ now, before, repHref }) {
  const prevRank = new Map(((before && before.reps) || []).map((r) => [r.rep_id, r.rank]));
  const groups = ['behaviour', 'process', 'result', 'collaboration'];
  const bar = (v) => (v === null || v === undefined ? '—' : html`<span class="goal">
    <span class="goal-bar" aria-hidden="true"><span style=${`width:${Math.min(100, Math.round(v * 100))}%`}></span></span>${fmt.percent(v, 0)}</span>`);
  const reps = (now.reps || []).slice().sort((a, b) => a.rank - b.rank);
  return html`<section class="panel" aria-labelledby="score-title" id="scorecard">
    <h2 id="score-title">${t('score.title')}</h2>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${t('score.title')}><table class="data" id="score-table">
      <thead><tr><th scope="col">${t('score.rank')}</th><th scope="col">${t('score.move')}</th><th scope="col">${t('score.rep')}</th>
        <th scope="col">${t('score.total')}</th>${groups.map((g) => html`<th scope="col">${t(`score.group.${g}`)}</th>`)}
        <th scope="col">${t('score.goalWon')}</th><th scope="col">${t('score.goalFollowups')}</th></tr></thead>
      <tbody>${reps.map((r) => {
        const p = prevRank.get(r.rep_id);
        const move = p === undefined ? '—' : p === r.rank ? '=' : p > r.rank ? `▲${p - r.rank}` : `▼${r.rank - p}`;
        const moveCls = p === undefined || p === r.rank ? '' : p > r.rank ? 'good' : 'bad';
        return html`<tr>
          <td>${r.rank}</td><td class=${`delta ${moveCls}`}>${move}</td>
          <th scope="row"><a href=${repHref(r.rep_id)} title=${t('score.viewRep')}>${r.name}</a>
            <details class="indicators"><summary>${t('score.indicators')}</summary>
              <table class="data"><thead><tr><th scope="col">${t('score.indicator')}</th><th scope="col">${t('score.value')}</th>
                <th scope="col">${t('score.target')}</th><th scope="col">${t('score.score')}</th></tr></thead>
              <tbody>${Object.entries(r.indicators).map(([k, ind]) => html`<tr><th scope="row">${t(`score.ind.${k}`)}</th>
                <td>${indicatorValue(k, ind.value)}</td><td>${indicatorValue(k, ind.target)}</td><td>${fmt.number(ind.score, 0)}</td></tr>`)}</tbody></table>
            </details></th>
          <td>${fmt.number(r.total, 1)}</td>
          ${groups.map((g) => html`<td>${fmt.number(r.groups[g], 0)}</td>`)}
          <td>${bar(r.goal_attainment.won_amount)}</td><td>${bar(r.goal_attainment.followups)}</td>
        </tr>`;
      })}</tbody>
    </table></div>
    <p class="muted small">${t('score.weights', now.weights)}</p>
  </section>`;
}

/* Customers of an RFM cell ({r, f}) or a computed tier ({tier}). */
export function RfmCustomers({ to, who, pick, onClose }) {
  const args = { to, limit: 100000, ...who };
  const q = useQuery('metrics.rfm', args);
  const items = q.data ? q.data.items.filter((c) => (pick.tier ? c.computed_tier === pick.tier : c.r === pick.r && c.f === pick.f)) : [];
  const title = pick.tier ? t('dash.rfm.tierTitle', { tier: pick.tier }) : t('dash.rfm.cellTitle', { r: pick.r, f: pick.f });
  return html`<${Dialog} id="drill" title=${title} onClose=${onClose} wide>
    ${q.loading && !q.data ? html`<p class="muted" role="status">${t('common.loading')}</p>` : null}
    ${q.data ? html`<p class="muted" id="drill-summary">${t('dash.rfm.count', { n: fmt.number(items.length) })}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${title}><table class="data" id="drill-table">
      <thead><tr><th scope="col">${t('drill.customer')}</th><th scope="col">R</th><th scope="col">F</th><th scope="col">M</th>
        <th scope="col">${t('drill.col.recency_days')}</th><th scope="col">${t('drill.col.frequency')}</th><th scope="col">${t('drill.col.monetary')}</th><th scope="col">${t('drill.col.segment')}</th></tr></thead>
      <tbody>${items.slice(0, 200).map((c) => html`<tr>
        <td><a href=${`#/customers/${c.customer_id}`} onClick=${onClose}>${c.name}</a></td>
        <td>${c.r}</td><td>${c.f}</td><td>${c.m}</td><td>${fmt.days(c.recency_days)}</td><td>${fmt.number(c.frequency)}</td>
        <td>${fmt.money(c.monetary)}</td><td>${t(`dash.segment.${c.segment}`)}</td>
      </tr>`)}</tbody>
    </table></div>${items.length > 200 ? html`<p class="muted">${t('dash.rfm.first200')}</p>` : null}` : null}
  </${Dialog}>`;
}
