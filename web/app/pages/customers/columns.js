/*
 * The list's columns, generated from schema.describe: the customer fields
 * a list shows (long texts and internal fields stay on the detail page),
 * the custom fields, and the last follow-up when the core reports it. A
 * cell shows a value the way the rest of the app does: reps by name,
 * choices translated, times in the workspace's zone.
 */
import { html } from '../../ui/html.js';
import { t, fieldLabel, choiceLabel, fmt } from '../../i18n/index.js';
import { splitTags } from './bulk.js';

/* Fields a rep reads first come first; the others follow in schema order. */
const FIRST = ['name', 'company', 'owner_id', 'tier', 'status', 'phone'];
/* Fields the list leaves to the detail page. */
const NOT_IN_LIST = new Set(['id', 'ext_id', 'custom', 'pain_points', 'decision_maker', 'archived', 'industry', 'channel', 'budget']);

/* Column definitions for VirtualTable, without the selection column. */
export function dataColumns(store, caps, showLastFollowup) {
  const entity = store.schema.value.entities.customers;
  const repName = (id) => {
    if (id === null || id === undefined) return html`<span class="muted">${t('customers.pool.badge')}</span>`;
    const r = store.repById.value.get(id);
    return r ? r.name : `#${id}`;
  };
  const cols = [];
  const rank = (f) => (FIRST.includes(f.name) ? FIRST.indexOf(f.name) : FIRST.length);
  const fields = entity.fields.filter((f) => !NOT_IN_LIST.has(f.name)).sort((a, b) => rank(a) - rank(b));
  for (const f of fields) {
    const col = { key: f.name, label: fieldLabel('customers', f.name), sortKey: f.name, className: `col-${f.name}` };
    if (f.name === 'name') {
      col.cell = (r) => html`<a href=${`#/customers/${r.id}`} class="cust-name">${r.name}</a>`;
    } else if (f.name === 'owner_id') {
      // The shared-pool rule's countdown, when the core reports one.
      col.cell = (r) => html`${repName(r.owner_id)}${r.pool_return_at ? html` <span class="badge warn pool-countdown"
        title=${t('customers.pool.returnsAt', { when: fmt.datetime(r.pool_return_at) })}>${t('customers.pool.returnsIn', { when: fmt.relative(r.pool_return_at) })}</span>` : null}`;
    } else if (f.name === 'tags') {
      col.cell = (r) => splitTags(r.tags).map((x) => html`<span class="badge tag" key=${x}>${x}</span> `);
    } else if (f.type === 'ref') {
      col.cell = (r) => repName(r[f.name]);
    } else if (f.type === 'enum') {
      col.cell = (r) => (r[f.name] ? html`<span class=${`badge ${f.name}-${r[f.name]}`}>${choiceLabel(f.name, r[f.name])}</span>` : '');
    } else if (f.type === 'time') {
      col.cell = (r) => fmt.date(r[f.name]);
    } else if (f.type === 'number' || f.type === 'integer') {
      col.className += ' num';
      col.cell = (r) => fmt.number(r[f.name], 2);
    } else {
      col.cell = (r) => r[f.name] ?? '';
    }
    cols.push(col);
  }
  if (showLastFollowup) {
    cols.push({
      key: 'last_followup_at', label: t('customers.col.lastFollowup'), className: 'col-last_followup_at',
      sortKey: caps && caps.sort.last_followup_at ? 'last_followup_at' : null,
      cell: (r) => (r.last_followup_at ? fmt.relative(r.last_followup_at) : html`<span class="muted">${t('customers.never')}</span>`),
    });
  }
  for (const def of entity.custom || []) {
    cols.push({
      key: `custom.${def.key}`, label: def.label, className: `col-custom${def.type === 'number' ? ' num' : ''}`,
      cell: (r) => customCell(def, (r.custom || {})[def.key]),
    });
  }
  return cols;
}

function customCell(def, v) {
  if (v === null || v === undefined) return '';
  if (def.type === 'bool') return v ? t('common.yes') : t('common.no');
  if (def.type === 'number') return fmt.number(v, 2);
  return String(v);
}
