/*
 * Export: CSV of one kind of record (a list's search and filter carry
 * over from #/data?kind=customers&q=…&filter={json}), with the column labels of the current language
 * and owner names; JSON of everything. Both come from the core's streaming
 * export in chunks that become a Blob (the worker's "export.file"): a
 * large database is never one string in the page or the worker.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { saveFile, fileDate } from '../../ui/download.js';
import { t, locale, errorText } from '../../i18n/index.js';
import { KINDS } from './wizard.js';

/* The list filter a page passed in the address (#/data?filter={...}), or null. */
function passedFilter(query) {
  try {
    const f = query.filter ? JSON.parse(query.filter) : null;
    return f && typeof f === 'object' && !Array.isArray(f) && Object.keys(f).length ? f : null;
  } catch {
    return null;
  }
}

export function ExportPanel({ query }) {
  const store = useStore();
  const [kind, setKind] = useState(query.kind && KINDS.includes(query.kind) ? query.kind : 'customers');
  const [q, setQ] = useState(query.q || '');
  const [filter, setFilter] = useState(() => passedFilter(query));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(null);

  async function run(what) {
    setBusy(true);
    setStatus(null);
    try {
      if (what === 'csv') {
        const args = { kind };
        if (q.trim()) args.q = q.trim();
        if (filter) args.filter = filter;
        const blob = await store.readBlob('export.file', { format: 'csv', ...args, labels: locale.value },
          'text/csv;charset=utf-8');
        saveFile(blob, `genjin-${kind}-${fileDate()}.csv`);
      } else {
        const blob = await store.readBlob('export.file', { format: 'json' }, 'application/json');
        saveFile(blob, `genjin-${fileDate()}.json`);
      }
      setStatus({ kind: 'ok', text: t('data.exported') });
    } catch (e) {
      setStatus({ kind: 'error', text: t('data.exportFailed', { error: errorText(e) }) });
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="panel" id="export" aria-labelledby="export-title">
    <h2 id="export-title">${t('data.exportTitle')}</h2>
    <p class="muted">${t('data.exportIntro')}</p>
    <div class="form-grid">
      <div class="field">
        <label for="export-kind">${t('data.kind')}</label>
        <select id="export-kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          ${KINDS.map((k) => html`<option value=${k} selected=${k === kind}>${t(`entity.${k}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="export-q">${t('data.exportQ')}</label>
        <input id="export-q" type="search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} />
      </div>
    </div>
    ${filter ? html`<p class="muted" id="export-filter">${t('data.exportFiltered')}
      <button type="button" class="link" onClick=${() => setFilter(null)}>${t('data.exportAll')}</button></p>` : null}
    <div class="form-actions">
      <button type="button" class="primary" id="export-csv" disabled=${busy} onClick=${() => run('csv')}>${t('data.exportCsv')}</button>
      <button type="button" id="export-json" disabled=${busy} onClick=${() => run('json')}>${t('data.exportJson')}</button>
    </div>
    <p id="export-status" class=${status ? `status ${status.kind}` : 'status'} role=${status && status.kind === 'error' ? 'alert' : 'status'}>
      ${status ? status.text : ''}</p>
  </section>`;
}
