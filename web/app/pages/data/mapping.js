/*
 * The import wizard's preview and column mapping: the file's first rows,
 * and for each column the field it goes to, starting from the core's
 * suggestions (import.preview), with the kind's fields, its references
 * (customer by ext id or name, owner by name) and its custom fields as
 * choices.
 */
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, has, fieldLabel } from '../../i18n/index.js';

/* Targets that are not stored fields: never offered. */
const HIDDEN = new Set(['id', 'custom']);

/* The label of an import target in the current language. */
export function targetLabel(store, kind, target) {
  if (!target) return t('data.ignore');
  if (target.startsWith('custom.')) {
    const e = store.schema.value && store.schema.value.entities[kind];
    const def = e && (e.custom || []).find((c) => c.key === target.slice(7));
    return def ? def.label : target.slice(7);
  }
  return has(`data.target.${target}`) ? t(`data.target.${target}`) : fieldLabel(kind, target);
}

/* A header as the core's matcher compares it: ASCII lower case, spaces
 * and _ - . * : ( ) （ ） 【 】 dropped. */
function normal(h) {
  return String(h).toLowerCase().replace(/[\s_\-.*:()（）【】]/g, '');
}

/*
 * The starting map {header: target or ''}: the core's suggestions, and
 * for a column it left open a custom field whose key or label is the
 * header (the importer maps those by itself, import.preview does not say
 * so; the map sent with the import must show the same).
 */
export function initialMap(store, kind, preview) {
  const e = store.schema.value && store.schema.value.entities[kind];
  const custom = (e && e.custom) || [];
  const taken = new Set(Object.values(preview.suggestions || {}).filter(Boolean));
  const map = {};
  for (const h of preview.headers) {
    let target = (preview.suggestions || {})[h] || '';
    if (!target) {
      const def = custom.find((c) => normal(c.key) === normal(h) || normal(c.label) === normal(h));
      if (def && !taken.has(`custom.${def.key}`)) {
        target = `custom.${def.key}`;
        taken.add(target);
      }
    }
    map[h] = target;
  }
  return map;
}

/* [target, label] choices for columns of `kind`. */
function targets(store, kind, preview) {
  const out = (preview.fields || []).filter((f) => !HIDDEN.has(f)).map((f) => [f, targetLabel(store, kind, f)]);
  const e = store.schema.value && store.schema.value.entities[kind];
  for (const c of (e && e.custom) || []) {
    if (!out.some(([f]) => f === `custom.${c.key}`)) out.push([`custom.${c.key}`, c.label]);
  }
  return out;
}

/* The first rows of the file, as a table (text only). */
export function PreviewTable({ preview }) {
  const rows = (preview.rows || []).slice(0, 5);
  return html`<div class="table-scroll preview" tabindex="0" role="region" aria-label=${t('data.previewCaption')}>
    <table class="data" id="import-preview">
      <caption class="sr-only">${t('data.previewCaption')}</caption>
      <thead><tr>${preview.headers.map((h, i) => html`<th scope="col" key=${i}>${h}</th>`)}</tr></thead>
      <tbody>${rows.map((r, i) => html`<tr key=${i}>${preview.headers.map((_, j) => html`<td key=${j}>${r[j] ?? ''}</td>`)}</tr>`)}</tbody>
    </table>
  </div>`;
}

/* props: kind, preview, map ({header: target|''}), onChange(map). */
export function MappingTable({ kind, preview, map, onChange }) {
  const store = useStore();
  const choices = targets(store, kind, preview);
  const used = new Map();
  for (const [h, tg] of Object.entries(map)) if (tg) used.set(tg, (used.get(tg) || 0) + 1);
  return html`<table class="data mapping" id="import-mapping">
    <caption class="sr-only">${t('data.mappingCaption')}</caption>
    <thead><tr><th scope="col">${t('data.column')}</th><th scope="col" class="example">${t('data.example')}</th><th scope="col">${t('data.target')}</th></tr></thead>
    <tbody>${preview.headers.map((h, i) => {
      const id = `map-${i}`;
      const value = map[h] || '';
      const twice = value && used.get(value) > 1;
      return html`<tr key=${i} data-header=${h}>
        <th scope="row"><label for=${id}>${h}</label></th>
        <td class="muted example">${((preview.rows || [])[0] || [])[i] ?? ''}</td>
        <td>
          <select id=${id} value=${value} aria-describedby=${twice ? `${id}-twice` : undefined}
            onChange=${(e) => onChange({ ...map, [h]: e.currentTarget.value })}>
            <option value="">${t('data.ignore')}</option>
            ${choices.map(([f, label]) => html`<option value=${f} selected=${f === value}>${label}</option>`)}
          </select>
          ${twice ? html`<p class="field-error" id=${`${id}-twice`}>${t('data.usedTwice')}</p>` : null}
        </td>
      </tr>`;
    })}</tbody>
  </table>`;
}
