/*
 * The customer list: search as you type, filters, sortable columns, saved
 * views, the shared pool (公海), multi-select with bulk edit, export and
 * merge, and "New customer". The search, filters, sort and pool choice are
 * the address's query (#/customers?q=…&f=…&sort=…&pool=1), so a list
 * survives a reload and a saved view is just an address. Rows are fetched
 * by offset as they scroll into view (customers/rows.js), so 50,000
 * customers scroll as smoothly as 50.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useStore } from '../ui/context.js';
import { VirtualTable } from '../ui/virtual-table.js';
import { navigate } from '../router.js';
import { t, fmt, errorText } from '../i18n/index.js';
import { saveFile, fileDate } from '../ui/download.js';
import { useRowPages } from './customers/rows.js';
import { useCaps } from './customers/caps.js';
import { dataColumns } from './customers/columns.js';
import { FilterPanel, apiFilter, countFilters, filterSummary } from './customers/filters.js';
import { SavedViews } from './customers/views.js';
import { BulkEditDialog, bulkUpdate, exportSelection, selectedIds } from './customers/bulk.js';
import { NewCustomerDialog } from './customers/create.js';
import { MergeDialog } from './customers/merge.js';

const SEARCH_DEBOUNCE_MS = 150;
const DEFAULT_SORT = '-created_at';
const NO_SELECTION = { ids: new Set(), all: false };

function parseFilters(text) {
  try {
    const v = JSON.parse(text || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

export function CustomersPage({ route: r }) {
  const store = useStore();
  const caps = useCaps();
  const query = r.query;
  const filters = parseFilters(query.f);
  const pool = query.pool === '1' && !!caps && caps.ops['customers.claim'];
  const sort = query.sort || DEFAULT_SORT;
  const [typed, setTyped] = useState(query.q || '');
  const [showFilters, setShowFilters] = useState(false);
  const [dialog, setDialog] = useState(null); // 'new' | 'bulk' | 'merge'
  const [selection, setSelection] = useState(NO_SELECTION);
  const [busy, setBusy] = useState(false);

  const go = (patch) => navigate('/customers', { ...query, ...patch }, { replace: true });
  useEffect(() => { setTyped(query.q || ''); }, [query.q]);
  useEffect(() => {
    if (typed === (query.q || '')) return undefined;
    const h = setTimeout(() => go({ q: typed }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(h);
  }, [typed]);

  const listArgs = { filter: apiFilter(store, filters, pool), sort, ...(query.q ? { q: query.q } : {}) };
  const rows = useRowPages(listArgs);
  useEffect(() => setSelection(NO_SELECTION), [rows.key]);

  const first = rows.rowAt(0);
  const columns = useMemo(() => dataColumns(store, caps, !!first && 'last_followup_at' in first),
    [store.schema.value, store.reps.value, caps, !!first && 'last_followup_at' in first]);
  const count = selection.all ? rows.total || 0 : selection.ids.size;

  const toggle = (id) => setSelection((s) => {
    const ids = new Set(s.all ? rows.loadedRows().map((x) => x.id) : s.ids);
    if (ids.has(id)) ids.delete(id); else ids.add(id);
    return { ids, all: false };
  });
  const loadedIds = rows.loadedRows().map((x) => x.id);
  const allLoaded = selection.all || (loadedIds.length > 0 && loadedIds.every((id) => selection.ids.has(id)));
  const selectColumn = {
    key: 'select', className: 'col-select',
    label: html`<input type="checkbox" id="select-shown" aria-label=${t('customers.select.shown')} checked=${allLoaded}
      onChange=${(e) => setSelection(e.currentTarget.checked ? { ids: new Set(loadedIds), all: false } : NO_SELECTION)} />`,
    cell: (row) => html`<input type="checkbox" class="row-select" aria-label=${t('customers.select.one', { name: row.name })}
      checked=${selection.all || selection.ids.has(row.id)} onChange=${() => toggle(row.id)} />`,
  };
  const claimColumn = {
    key: 'claim', label: html`<span class="sr-only">${t('common.actions')}</span>`, className: 'col-claim',
    cell: (row) => html`<button type="button" class="small claim" onClick=${() => claim(row)}
      aria-label=${t('customers.pool.claimOne', { name: row.name })}>${t('customers.pool.claim')}</button>`,
  };
  const allColumns = [selectColumn, ...columns, ...(pool ? [claimColumn] : [])];

  async function run(fn) {
    setBusy(true);
    try { await fn(); } catch (e) { store.say(errorText(e, 'customers'), 'error'); } finally { setBusy(false); }
  }
  const claim = (row) => run(async () => {
    if (!store.me.value) { store.say(t('customers.pool.whoAmI'), 'error'); return; }
    await store.write('customers.claim', { id: row.id, rep_id: store.me.value });
    store.say(t('customers.pool.claimed', { name: row.name }));
  });
  const exportRows = () => run(async () => {
    const blob = await exportSelection(store, caps, selection, listArgs, columns);
    saveFile(blob, `customers-${fileDate()}.csv`);
    store.say(t('customers.export.done', { n: count }));
  });
  const applyBulk = async (change) => {
    const ids = await selectedIds(store, selection, listArgs);
    const n = await bulkUpdate(store, caps, ids, change);
    setDialog(null);
    store.say(t('customers.bulk.done', { n }));
  };

  const onRowClick = useCallback((row) => navigate(`/customers/${row.id}`), []);
  const summary = filterSummary(store, filters);
  const nFilters = countFilters(filters);
  return html`<section class="customers">
    <div class="page-head">
      <h1>${t('nav.customers')}</h1>
      <span class="muted" id="customer-count" aria-live="polite">
        ${rows.total === null ? '' : t('customers.count', { n: fmt.number(rows.total) })}</span>
      <button type="button" class="primary" id="new-customer-open" disabled=${store.readonly.value}
        onClick=${() => setDialog('new')}>${t('customers.new')}</button>
    </div>
    <div class="toolbar customers-tools">
      <div class="search">
        <label for="customer-search" class="sr-only">${t('common.search')}</label>
        <input type="search" id="customer-search" value=${typed} placeholder=${t('customers.search.placeholder')}
          autocomplete="off" onInput=${(e) => setTyped(e.currentTarget.value)} />
      </div>
      ${caps && caps.ops['customers.claim'] ? html`<div class="seg" role="group" aria-label=${t('customers.pool.group')}>
        <button type="button" id="view-all" aria-pressed=${pool ? 'false' : 'true'} onClick=${() => go({ pool: '' })}>${t('customers.pool.all')}</button>
        <button type="button" id="view-pool" aria-pressed=${pool ? 'true' : 'false'} onClick=${() => go({ pool: '1' })}>${t('customers.pool.name')}</button>
      </div>` : null}
      <button type="button" id="filters-toggle" aria-expanded=${showFilters ? 'true' : 'false'} aria-controls="filters-panel"
        onClick=${() => setShowFilters(!showFilters)}>${nFilters ? t('customers.filters.n', { n: nFilters }) : t('customers.filters')}</button>
    </div>
    ${showFilters && caps ? html`<div class="panel" id="filters-panel">
      <${FilterPanel} values=${filters} caps=${caps} pool=${pool}
        onChange=${(v) => go({ f: countFilters(v) ? JSON.stringify(v) : '' })} />
      <div class="form-actions"><button type="button" class="small" onClick=${() => go({ f: '' })} disabled=${!nFilters}>
        ${t('customers.filters.clear')}</button></div>
    </div>` : null}
    ${summary.length ? html`<ul class="filter-chips" aria-label=${t('customers.filters.active')}>
      ${summary.map((s) => html`<li key=${s.key} class="chip"><span>${s.text}</span>
        <button type="button" class="chip-x" aria-label=${t('customers.filters.remove', { filter: s.text })}
          onClick=${() => { const v = { ...filters }; delete v[s.key]; go({ f: countFilters(v) ? JSON.stringify(v) : '' }); }}>×</button></li>`)}
    </ul>` : null}
    <${SavedViews} query=${query} onOpen=${(q) => navigate('/customers', q, { replace: true })} />
    ${count ? html`<div class="selection-bar" role="region" aria-label=${t('customers.select.bar')}>
      <strong id="selected-count">${t('customers.select.count', { n: fmt.number(count) })}</strong>
      ${!selection.all && rows.total > count ? html`<button type="button" class="link" id="select-all-matching"
        onClick=${() => setSelection({ ids: new Set(), all: true })}>${t('customers.select.all', { n: fmt.number(rows.total) })}</button>` : null}
      <span class="grow"></span>
      <button type="button" id="bulk-edit" disabled=${busy || store.readonly.value} onClick=${() => setDialog('bulk')}>${t('customers.bulk.open')}</button>
      <button type="button" id="bulk-export" disabled=${busy || !caps} onClick=${exportRows}>${t('customers.export.open')}</button>
      ${caps && caps.ops['customers.merge'] && !selection.all && count === 2 ? html`<button type="button" id="merge-open"
        disabled=${store.readonly.value} onClick=${() => setDialog('merge')}>${t('customers.merge.open')}</button>` : null}
      <button type="button" class="link" onClick=${() => setSelection(NO_SELECTION)}>${t('customers.select.clear')}</button>
    </div>` : null}
    ${rows.error ? html`<p class="form-error" role="alert">${errorText(rows.error, 'customers')}</p>` : null}
    ${rows.total === 0 ? html`<p class="empty" id="customers-empty">${query.q || nFilters || pool ? t('customers.empty.filtered') : t('customers.empty')}</p>` : html`
      <${VirtualTable} id="customer-table" label=${t('customers.table')} columns=${allColumns} total=${rows.total || 0}
        rowAt=${rows.rowAt} rowKey=${(row) => row.id} onRange=${rows.onRange} sort=${sort}
        onSort=${(s) => go({ sort: s === DEFAULT_SORT ? '' : s })} onRowClick=${onRowClick} resetKey=${rows.key}
        loadingText=${t('common.loading')} busy=${rows.answeredKey !== rows.key} />`}
    ${dialog === 'new' && caps ? html`<${NewCustomerDialog} caps=${caps} onClose=${() => setDialog(null)}
      onSaved=${(c) => { setDialog(null); store.say(t('customers.new.saved', { name: c.name })); }} />` : null}
    ${dialog === 'bulk' ? html`<${BulkEditDialog} count=${count} onApply=${applyBulk} onClose=${() => setDialog(null)} />` : null}
    ${dialog === 'merge' ? html`<${MergeDialog} ids=${[...selection.ids]} onClose=${() => setDialog(null)}
      onMerged=${(c) => { setDialog(null); setSelection(NO_SELECTION); store.say(t('customers.merge.done', { name: c.name })); }} />` : null}
  </section>`;
}
