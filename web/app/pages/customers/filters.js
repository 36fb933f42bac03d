/*
 * The list's filters: owner, tier, status, source, region, tags, custom
 * fields, "no follow-up for N days", the computed ABC tier and the RFM
 * segment. Their values live in the address (?f=…), so a filtered list
 * survives a reload and is what a saved view keeps. Filters whose keys the
 * core refuses (caps.js) are not offered.
 */
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { fieldSchema, apiValue, optionsFor } from '../../ui/field.js';
import { t, fieldLabel, choiceLabel } from '../../i18n/index.js';

export const RFM_SEGMENTS = ['champions', 'loyal', 'at_risk', 'hibernating', 'new', 'regular'];
const TEXT_FILTERS = ['source', 'region'];

/* The API filter of the page's filter values; pool lists the customers
 * without an owner (the shared pool). */
export function apiFilter(store, values, pool) {
  const out = {};
  for (const [k, v] of Object.entries(values || {})) {
    if (v === '' || v === null || v === undefined) continue;
    if (k === 'owner_id') out.owner_id = v === 'none' ? null : Number(v);
    else if (k === 'no_followup_days') out.no_followup_days = Number(v);
    else if (k.startsWith('custom.')) {
      const f = fieldSchema(store, 'customers', k);
      if (f) out[k] = apiValue(f, f.type === 'custom_bool' ? v === 'true' : v);
    } else out[k] = v;
  }
  if (pool) out.owner_id = null;
  return out;
}

/* How many filters are set (the badge on the Filters button). */
export function countFilters(values) {
  return Object.values(values || {}).filter((v) => v !== '' && v !== null && v !== undefined).length;
}

/* The filter form. values: {key: text}; onChange(values). */
export function FilterPanel({ values, onChange, caps, pool }) {
  const store = useStore();
  const set = (k) => (v) => onChange({ ...values, [k]: v === null || v === undefined ? '' : String(v) });
  const owner = fieldSchema(store, 'customers', 'owner_id');
  const ownerOptions = [['none', t('customers.filter.unassigned')], ...(optionsFor(store, 'customers', owner) || [])];
  const select = (k, label, options) => html`<div class="field">
    <label for=${`cf-${k}`}>${label}</label>
    <select id=${`cf-${k}`} value=${values[k] || ''} onChange=${(e) => set(k)(e.currentTarget.value)}>
      <option value="">${t('common.all')}</option>
      ${options.map(([v, text]) => html`<option value=${v} selected=${values[k] === String(v)}>${text}</option>`)}
    </select>
  </div>`;
  const text = (k, label, type = 'text') => html`<div class="field">
    <label for=${`cf-${k}`}>${label}</label>
    <input id=${`cf-${k}`} type=${type} min=${type === 'number' ? 1 : undefined} value=${values[k] || ''}
      onChange=${(e) => set(k)(e.currentTarget.value)} />
  </div>`;
  const choices = (name) => optionsFor(store, 'customers', fieldSchema(store, 'customers', name)) || [];
  const custom = store.schema.value.entities.customers.custom || [];
  return html`<div class="filter-grid" id="customer-filters">
    ${pool ? null : select('owner_id', fieldLabel('customers', 'owner_id'), ownerOptions)}
    ${select('tier', fieldLabel('customers', 'tier'), choices('tier'))}
    ${select('status', fieldLabel('customers', 'status'), choices('status'))}
    ${TEXT_FILTERS.map((k) => text(k, fieldLabel('customers', k)))}
    ${caps.filters.tags ? text('tags', t('customers.filter.tag')) : null}
    ${caps.filters.no_followup_days ? text('no_followup_days', t('customers.filter.noFollowupDays'), 'number') : null}
    ${caps.filters.abc_tier ? select('abc_tier', t('customers.filter.abcTier'), ['A', 'B', 'C'].map((x) => [x, t(`customers.abc.${x}`)])) : null}
    ${caps.filters.rfm_segment ? select('rfm_segment', t('customers.filter.rfm'), RFM_SEGMENTS.map((x) => [x, t(`customers.rfm.${x}`)])) : null}
    ${custom.filter((d) => caps.custom[d.key]).map((d) => customFilter(d, values, set, select, text))}
  </div>`;
}

function customFilter(def, values, set, select, text) {
  const k = `custom.${def.key}`;
  if (def.type === 'select') return select(k, def.label, (def.options || []).map((o) => [o, o]));
  if (def.type === 'bool') return select(k, def.label, [['true', t('common.yes')], ['false', t('common.no')]]);
  return text(k, def.label, def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text');
}

/* Short "label: value" texts of the set filters, for the chips above the list. */
export function filterSummary(store, values) {
  const out = [];
  for (const [k, v] of Object.entries(values || {})) {
    if (v === '' || v === null || v === undefined) continue;
    let label;
    let shown = v;
    if (k === 'owner_id') {
      label = fieldLabel('customers', 'owner_id');
      shown = v === 'none' ? t('customers.filter.unassigned') : (store.repById.value.get(Number(v)) || { name: v }).name;
    } else if (k === 'tier' || k === 'status') {
      label = fieldLabel('customers', k);
      shown = choiceLabel(k, v);
    } else if (k === 'tags') label = t('customers.filter.tag');
    else if (k === 'no_followup_days') { label = t('customers.filter.noFollowupDays'); }
    else if (k === 'abc_tier') { label = t('customers.filter.abcTier'); shown = t(`customers.abc.${v}`); }
    else if (k === 'rfm_segment') { label = t('customers.filter.rfm'); shown = t(`customers.rfm.${v}`); }
    else label = (fieldSchema(store, 'customers', k) || {}).label || fieldLabel('customers', k);
    out.push({ key: k, text: `${label}: ${shown}` });
  }
  return out;
}
