/*
 * What the list does to many customers at once: edit owner, tier, status
 * and tags of the selection (one customers.bulk_update, all or nothing;
 * where the core has no such op, one update per customer), and export the
 * selection as CSV (the core's streaming export, with the column labels
 * of the page's language, when the core can filter by a list of ids,
 * else the selected rows written here).
 */
import { toCsv } from '../../ui/csv.js';
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { fieldSchema, optionsFor } from '../../ui/field.js';
import { t, errorText, fieldLabel, choiceLabel, locale } from '../../i18n/index.js';

/* Tags are stored as one text, comma-separated; the core also reads
 * "，", "、" and ";" as separators. */
export const splitTags = (s) => String(s || '').split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean);
const BULK_MAX = 10000; // ids one customers.bulk_update takes

/* The ids a selection stands for: the chosen ones, or every customer the
 * list's query matches ("all matching"). */
export async function selectedIds(store, selection, listArgs) {
  if (!selection.all) return [...selection.ids];
  const data = await store.read('customers.list', { ...listArgs, limit: 100000, offset: 0 });
  return data.items.map((r) => r.id);
}

/* Applies {set, add_tags, remove_tags} to `ids`; resolves to the count. */
export async function bulkUpdate(store, caps, ids, change) {
  if (caps.ops['customers.bulk_update']) {
    // Each request is all or nothing; a selection beyond BULK_MAX goes in parts.
    let updated = 0;
    for (let i = 0; i < ids.length; i += BULK_MAX) {
      updated += (await store.write('customers.bulk_update', { ids: ids.slice(i, i + BULK_MAX), ...change })).updated;
    }
    return updated;
  }
  let n = 0;
  for (const id of ids) {
    const args = { id, ...change.set };
    if (change.add_tags || change.remove_tags) {
      const cur = await store.read('customers.get', { id });
      const tags = splitTags(cur.tags).filter((x) => !(change.remove_tags || []).includes(x));
      for (const x of change.add_tags || []) if (!tags.includes(x)) tags.push(x);
      args.tags = tags.length ? tags.join(',') : null;
    }
    await store.write('customers.update', args);
    n++;
  }
  return n;
}

/* The CSV of the selected customers as a Blob. */
export async function exportSelection(store, caps, selection, listArgs, columns) {
  if (selection.all || caps.filters.id_in) {
    const args = selection.all ? listArgs : { filter: { id: { in: [...selection.ids] } }, sort: listArgs.sort };
    return store.readBlob('export.file', { format: 'csv', kind: 'customers', ...args, labels: locale.value },
      'text/csv;charset=utf-8');
  }
  const data = await store.read('customers.list', { ...listArgs, limit: 100000, offset: 0 });
  const rows = data.items.filter((r) => selection.ids.has(r.id));
  return new Blob([csvText(store, rows, columns)], { type: 'text/csv;charset=utf-8' });
}

/* The chosen rows under the list's column labels (ui/csv.js: BOM, RFC
 * 4180, formula-like cells made inert, as export.csv does). */
function csvText(store, rows, columns) {
  const value = (r, c) => {
    if (c.key.startsWith('custom.')) return (r.custom || {})[c.key.slice(7)];
    const f = fieldSchema(store, 'customers', c.key);
    if (f && f.type === 'ref') return (store.repById.value.get(r[c.key]) || {}).name || '';
    if (f && f.type === 'enum') return choiceLabel(c.key, r[c.key]);
    return r[c.key];
  };
  const cols = [{ key: 'id', label: fieldLabel('customers', 'id') }, ...columns];
  return toCsv(cols.map((c) => c.label), rows.map((r) => cols.map((c) => value(r, c))));
}

/* The bulk edit form: fields left empty stay as they are. */
export function BulkEditDialog({ count, onApply, onClose }) {
  const store = useStore();
  const [v, setV] = useState({ owner_id: '', tier: '', status: '', add: '', remove: '' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x }));
  const keep = t('customers.bulk.keep');
  const choose = (name) => (optionsFor(store, 'customers', fieldSchema(store, 'customers', name)) || []);

  async function submit(e) {
    e.preventDefault();
    const change = { set: {} };
    if (v.owner_id) change.set.owner_id = v.owner_id === 'none' ? null : Number(v.owner_id);
    if (v.tier) change.set.tier = v.tier;
    if (v.status) change.set.status = v.status;
    if (splitTags(v.add).length) change.add_tags = splitTags(v.add);
    if (splitTags(v.remove).length) change.remove_tags = splitTags(v.remove);
    if (!Object.keys(change.set).length && !change.add_tags && !change.remove_tags) {
      setError({ message: t('customers.bulk.nothing') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onApply(change);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const sel = (name, extra) => html`<div class="field">
    <label for=${`bulk-${name}`}>${fieldLabel('customers', name)}</label>
    <select id=${`bulk-${name}`} value=${v[name]} onChange=${(e) => set(name)(e.currentTarget.value)}>
      <option value="">${keep}</option>
      ${extra}
      ${choose(name).map(([val, text]) => html`<option value=${val}>${text}</option>`)}
    </select>
  </div>`;
  return html`<${Dialog} id="bulk-dialog" title=${t('customers.bulk.title', { n: count })} onClose=${onClose}>
    <form onSubmit=${submit} noValidate>
      <div class="form-grid">
        ${sel('owner_id', html`<option value="none">${t('customers.filter.unassigned')}</option>`)}
        ${sel('tier')}
        ${sel('status')}
        <div class="field"><label for="bulk-add">${t('customers.bulk.addTags')}</label>
          <input id="bulk-add" value=${v.add} onInput=${(e) => set('add')(e.currentTarget.value)} /></div>
        <div class="field"><label for="bulk-remove">${t('customers.bulk.removeTags')}</label>
          <input id="bulk-remove" value=${v.remove} onInput=${(e) => set('remove')(e.currentTarget.value)} /></div>
      </div>
      <p class="field-hint">${t('customers.bulk.hint')}</p>
      ${error ? html`<p class="form-error" role="alert">${errorText(error, 'customers')}</p>` : null}
      <div class="form-actions">
        <button type="submit" class="primary" id="bulk-apply" disabled=${busy || store.readonly.value}>
          ${busy ? t('common.saving') : t('customers.bulk.apply', { n: count })}</button>
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
      </div>
    </form>
  </${Dialog}>`;
}
