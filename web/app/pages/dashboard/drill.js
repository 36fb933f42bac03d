/*
 * Drill-down: the records behind a number (metrics.explain), in a dialog
 * — all of them, the numerator (counted in) or the rest of the
 * denominator — paged, each row linking to its customer, and exportable
 * as CSV. "Why is this 38 %?" is the card, then this list.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { t, has, fmt, stageLabel, choiceLabel, errorText } from '../../i18n/index.js';
import { saveCsv } from '../../ui/csv.js';

const PAGE = 50;
const HIDDEN = new Set(['in_numerator', 'customer_id']);
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/* The columns of a page of items: every key but the hidden ones, in the
 * order the core gives them. */
function columnsOf(items) {
  const cols = [];
  for (const it of items) for (const k of Object.keys(it)) if (!HIDDEN.has(k) && !cols.includes(k)) cols.push(k);
  return cols;
}

export function colLabel(k) {
  return has(`drill.col.${k}`) ? t(`drill.col.${k}`) : k;
}

export function cellText(k, v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'number') return k === 'amount' || k === 'value' || k === 'monetary' ? fmt.money(v) : fmt.number(v, 2);
  if (typeof v === 'string' && TIME.test(v)) return fmt.datetime(v);
  if (k === 'stage') return stageLabel(v);
  if (k === 'reason' || k === 'rule') return has(`rule.${v}`) ? t(`rule.${v}`) : choiceLabel(k, v);
  return String(v);
}

/* props: query (the metrics args of the view), metric, title, part, onClose */
export function DrillDown({ query, metric, title, part: part0 = 'all', onClose }) {
  const store = useStore();
  const [part, setPart] = useState(part0);
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState({ loading: true });
  const [names, setNames] = useState({});

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    store.read('metrics.explain', { ...query, metric, part, limit: PAGE, offset }).then(async (data) => {
      if (!live) return;
      setState({ loading: false, data });
      const ids = [...new Set(data.items.map((it) => it.customer_id || (data.records === 'customer' ? it.id : null)).filter(Boolean))];
      const found = await Promise.all(ids.map((id) => store.read('customers.get', { id }).catch(() => null)));
      if (live) setNames(Object.fromEntries(found.filter(Boolean).map((c) => [c.id, c.name])));
    }, (error) => live && setState({ loading: false, error }));
    return () => { live = false; };
  }, [metric, part, offset, JSON.stringify(query)]);

  const data = state.data;
  const items = data ? data.items : [];
  const cols = columnsOf(items);
  const customerOf = (it) => it.customer_id || (data && data.records === 'customer' ? it.id : null);

  async function exportAll() {
    const all = await store.read('metrics.explain', { ...query, metric, part, limit: 100000, offset: 0 });
    const allCols = columnsOf(all.items);
    saveCsv(`${metric}-${part}-${query.from}-${query.to}.csv`,
      [t('drill.counted'), t('drill.customerId'), ...allCols.map(colLabel)],
      all.items.map((it) => [it.in_numerator === false ? t('common.no') : t('common.yes'), customerOf(it), ...allCols.map((k) => it[k])]));
  }

  const repCol = (k) => k === 'owner_id' || k === 'rep_id';
  const repName = (id) => (id ? (store.repById.value.get(id) || { name: `#${id}` }).name : t('common.unassigned'));
  const total = data ? data.total : 0;
  return html`<${Dialog} id="drill" title=${title} onClose=${onClose} wide>
    <div class="drill-head">
      <p class="muted" id="drill-summary">${data ? t('drill.summary', {
        records: t(`drill.records.${data.records}`), numerator: fmt.number(data.numerator_count), denominator: fmt.number(data.denominator_count),
      }) : ''}</p>
      <div class="segmented" role="group" aria-label=${t('drill.part')}>
        ${['all', 'numerator', 'denominator'].map((p) => html`<button type="button" id=${`drill-part-${p}`}
          aria-pressed=${String(part === p)} onClick=${() => { setPart(p); setOffset(0); }}>${t(`drill.part.${p}`)}</button>`)}
      </div>
      <button type="button" id="drill-export" onClick=${exportAll} disabled=${!total}>${t('common.export')}</button>
    </div>
    ${state.error ? html`<p class="form-error" role="alert">${errorText(state.error)}</p>` : null}
    ${state.loading && !data ? html`<p class="muted" role="status">${t('common.loading')}</p>` : null}
    ${data && !items.length ? html`<p class="muted">${t('common.empty')}</p>` : null}
    ${items.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${title}><table class="data" id="drill-table">
      <thead><tr>
        <th scope="col">${t('drill.customer')}</th>
        ${part === 'all' ? html`<th scope="col">${t('drill.counted')}</th>` : null}
        ${cols.map((k) => html`<th scope="col">${colLabel(k)}</th>`)}
      </tr></thead>
      <tbody>${items.map((it) => {
        const cid = customerOf(it);
        return html`<tr>
          <td>${cid ? html`<a href=${`#/customers/${cid}`} onClick=${onClose}>${names[cid] || `#${cid}`}</a>` : '—'}</td>
          ${part === 'all' ? html`<td>${it.in_numerator === false ? t('common.no') : t('common.yes')}</td>` : null}
          ${cols.map((k) => html`<td>${repCol(k) ? repName(it[k]) : cellText(k, it[k])}</td>`)}
        </tr>`;
      })}</tbody>
    </table></div>` : null}
    ${total > PAGE ? html`<div class="pager">
      <button type="button" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>${t('drill.prev')}</button>
      <span>${t('drill.range', { from: fmt.number(offset + 1), to: fmt.number(Math.min(total, offset + PAGE)), total: fmt.number(total) })}</span>
      <button type="button" disabled=${offset + PAGE >= total} onClick=${() => setOffset(offset + PAGE)}>${t('drill.next')}</button>
    </div>` : null}
  </${Dialog}>`;
}
