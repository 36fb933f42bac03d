/*
 * The metric cards: value, the change against the previous period of the
 * same length (▲/▼, green when the change is good, red when bad), "—"
 * with the reason when the denominator is zero, a spinner while the
 * numbers are on their way. A card is a button: it opens the records
 * behind the number.
 */
import { html } from '../../ui/html.js';
import { t, fmt } from '../../i18n/index.js';
import { CARDS, EMPTY_BECAUSE, valueAt, change } from './cards.js';

export function formatValue(kind, v) {
  if (v === null || v === undefined) return '—';
  switch (kind) {
    case 'percent': return fmt.percent(v);
    case 'nps': return fmt.number(v, 1);
    case 'hours': return fmt.hours(v);
    case 'days': return fmt.days(v);
    case 'money': return fmt.money(v);
    default: return fmt.number(v);
  }
}

function formatDelta(kind, d) {
  const abs = Math.abs(d);
  switch (kind) {
    case 'percent': return t('dash.points', { n: fmt.number(abs * 100, 1) });
    case 'nps': return fmt.number(abs, 1);
    case 'hours': return fmt.hours(abs);
    case 'days': return fmt.days(abs);
    case 'money': return fmt.money(abs);
    default: return fmt.number(abs);
  }
}

function Card({ card, now, before, loading, onDrill }) {
  const v = now ? valueAt(now, card.key) : null;
  const b = before ? valueAt(before, card.key) : null;
  const c = change(card, v, b);
  const id = `card-${card.key.replace(/\./g, '-')}`;
  const why = v === null && now ? t(EMPTY_BECAUSE[card.key] || 'dash.empty.none') : '';
  let deltaText = t('dash.noCompare');
  let cls = 'delta';
  if (c && c.dir !== 0) {
    deltaText = `${c.dir > 0 ? '▲' : '▼'} ${formatDelta(card.kind, c.delta)}`;
    cls += c.good ? ' good' : ' bad';
  } else if (c) {
    deltaText = t('dash.unchanged');
  }
  return html`<button type="button" class=${`card metric-card${card.core ? ' core' : ''}`} id=${id}
      data-value=${v === null ? '' : String(v)} aria-busy=${String(loading)} title=${why || undefined}
      onClick=${() => onDrill(card.key, t(`metric.${card.key}`))}>
    <span class="metric-name">${t(`metric.${card.key}`)}</span>
    <span class="metric-value">${loading && !now ? html`<span class="spinner" aria-label=${t('common.loading')}></span>` : formatValue(card.kind, v)}</span>
    ${why ? html`<span class="metric-why">${why}</span>` : html`<span class=${cls}>${deltaText}</span>`}
    ${c && c.dir !== 0 ? html`<span class="sr-only">${t(c.good ? 'dash.better' : 'dash.worse')}</span>` : null}
    <span class="metric-prev muted">${t('dash.before', { v: formatValue(card.kind, b) })}</span>
  </button>`;
}

export function CardGrid({ now, before, loading, onDrill }) {
  return html`<section class="cards" aria-label=${t('dash.cards')}>
    ${CARDS.map((card) => html`<${Card} key=${card.key} card=${card} now=${now} before=${before} loading=${loading} onDrill=${onDrill} />`)}
  </section>`;
}
