/*
 * The import wizard: choose a file → its first rows → which column goes
 * to which field (the core's suggestions first) → a dry run that names
 * every bad row → the import, with progress and cancel → the imported
 * records. The dry run and the import read the file in the worker
 * (import.file), so a large file never freezes the page; the import is
 * one transaction: all rows or none.
 *
 * A customer sheet whose owner column names reps that do not exist yet
 * offers to create them (create_missing_reps); two rows with the same
 * ext_id are refused unless the user lets the later row win (duplicates).
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, fmt, errorText } from '../../i18n/index.js';
import { PreviewTable, MappingTable, initialMap } from './mapping.js';
import { ReportView, isUnknownRep, isDuplicateRow } from './report.js';

export const KINDS = ['customers', 'reps', 'deals', 'followups', 'tickets', 'surveys', 'orders', 'events'];
/* Kinds whose rows name a customer, which the import may create. */
const NEED_CUSTOMER = new Set(['deals', 'followups', 'tickets', 'surveys', 'orders', 'events']);
/* Where the imported records are shown. */
const SHOW = { deals: '#/pipeline', tickets: '#/tickets' };

const STEPS = ['choose', 'map', 'check', 'done'];

function Steps({ step }) {
  const at = STEPS.indexOf(step === 'import' ? 'check' : step);
  return html`<ol class="wizard-steps">
    ${STEPS.map((s, i) => html`<li key=${s} class=${i === at ? 'current' : i < at ? 'done' : ''}
      aria-current=${i === at ? 'step' : undefined}>${t(`data.step.${s}`)}</li>`)}
  </ol>`;
}

function Progress({ progress, total, onCancel, label }) {
  const rows = progress ? progress.rows : 0;
  const max = total || (progress && progress.total) || 1;
  const value = total ? Math.min(rows, total) : progress ? progress.bytes : 0;
  return html`<div class="import-progress">
    <label for="import-progress-bar">${label}</label>
    <progress id="import-progress-bar" max=${max} value=${value}></progress>
    <span id="import-rows" data-rows=${rows} role="status">${t('data.rowsRead', { n: fmt.number(rows) })}</span>
    <button type="button" id="import-cancel" onClick=${onCancel}>${t('data.cancel')}</button>
  </div>`;
}

export function ImportWizard() {
  const store = useStore();
  const [step, setStep] = useState('choose');
  const [kind, setKind] = useState('customers');
  const [file, setFile] = useState(null);
  const [preview, setPreview] = useState(null);
  const [map, setMap] = useState({});
  const [opts, setOpts] = useState({ custom_fields: false, create_missing_customers: false, create_missing_reps: false, duplicates: 'refuse' });
  const [report, setReport] = useState(null);   // of the last dry run, then of the import
  const [progress, setProgress] = useState(null);
  const [running, setRunning] = useState(null); // 'preview' | 'check' | 'import'
  const [status, setStatus] = useState(null);   // {kind: 'ok'|'error', text}
  const [runs, setRuns] = useState(0);          // finished runs (tests wait for the next)

  async function loadPreview(f, k) {
    setStatus(null);
    setReport(null);
    if (!f) { setPreview(null); setStep('choose'); return; }
    setRunning('preview');
    try {
      const p = await store.read('import.previewFile', { file: f, kind: k });
      if (!p.headers || !p.headers.length) throw Object.assign(new Error(t('data.noHeaders')), { code: 'invalid' });
      setPreview(p);
      setMap(initialMap(store, k, p));
      setStep('map');
    } catch (e) {
      setPreview(null);
      setStep('choose');
      setStatus({ kind: 'error', text: t('data.previewFailed', { error: errorText(e) }) });
    } finally {
      setRunning(null);
    }
  }

  /* The import.file args for the choices made. */
  function args(dryRun) {
    const a = { file, kind, map, dry_run: dryRun };
    if (opts.custom_fields && (kind === 'customers' || kind === 'deals')) a.custom_fields = true;
    if (opts.create_missing_customers && NEED_CUSTOMER.has(kind)) a.create_missing_customers = true;
    if (opts.create_missing_reps) a.create_missing_reps = true;
    if (opts.duplicates === 'later') a.duplicates = 'later';
    return a;
  }

  async function run(dryRun) {
    setStatus(null);
    setProgress(null);
    setRunning(dryRun ? 'check' : 'import');
    if (!dryRun) setStep('import');
    try {
      // A dry run writes nothing, so it is a read (no "Saving…").
      const r = dryRun
        ? await store.client.callWithProgress('import.file', args(true), setProgress)
        : await store.write('import.file', args(false), setProgress);
      setReport(r);
      setStep(dryRun ? 'check' : 'done');
      if (!dryRun) setStatus({ kind: 'ok', text: t('data.imported', { n: fmt.number(r.rows) }) });
    } catch (e) {
      if (e.report) {
        setReport(e.report);
        setStep('check');
        if (!dryRun) setStatus({ kind: 'error', text: t('data.importRefused', { n: fmt.number(e.report.error_count) }) });
      } else {
        setStep(report ? 'check' : 'map'); // the last report and its choices stay
        setStatus({ kind: 'error', text: e.code === 'cancelled' ? t('data.cancelled')
          : t(dryRun ? 'data.checkFailed' : 'data.importFailed', { error: optionError(e) }) });
      }
    } finally {
      setRunning(null);
      setProgress(null);
      setRuns((n) => n + 1);
    }
  }

  function cancel() {
    store.client.call('import.cancel').catch(() => {});
  }

  function reset() {
    setStep('choose');
    setFile(null);
    setPreview(null);
    setReport(null);
    setStatus(null);
    setOpts((o) => ({ ...o, create_missing_reps: false, duplicates: 'refuse' }));
  }

  const errors = (report && report.errors) || [];
  const unknownReps = errors.some(isUnknownRep);
  const duplicates = errors.some(isDuplicateRow);
  const clean = report && !report.committed && !report.error_count && !report.fatal;
  const busy = !!running || store.readonly.value;
  const setOpt = (k, v) => setOpts((o) => ({ ...o, [k]: v }));
  // An option of the mapping step changes what the check found: check again.
  const setMapOpt = (k, v) => { setOpt(k, v); setReport(null); };

  return html`<section class="panel wizard" id="import" aria-labelledby="import-title" data-runs=${runs} data-step=${step}>
    <h2 id="import-title">${t('data.importTitle')}</h2>
    <p class="muted">${t('data.importIntro')}</p>
    <${Steps} step=${step} />
    <div class="form-grid choose">
      <div class="field">
        <label for="import-kind">${t('data.kind')}</label>
        <select id="import-kind" value=${kind} disabled=${busy || step === 'done'}
          onChange=${(e) => { const k = e.currentTarget.value; setKind(k); loadPreview(file, k); }}>
          ${KINDS.map((k) => html`<option value=${k} selected=${k === kind}>${t(`entity.${k}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="import-file">${t('data.file')}</label>
        <input type="file" id="import-file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled=${busy} onChange=${(e) => { const f = e.currentTarget.files[0] || null; setFile(f); setOpts((o) => ({ ...o, create_missing_reps: false, duplicates: 'refuse' })); loadPreview(f, kind); }} />
        <p class="field-hint">${t('data.fileHint')}</p>
      </div>
    </div>
    ${running === 'preview' ? html`<p class="muted" role="status">${t('data.reading')}</p>` : null}

    ${preview && step !== 'done' ? html`<div class="wizard-part" id="import-map-step">
      <h3>${t('data.previewTitle', { file: preview.file || '', encoding: preview.encoding })}</h3>
      <${PreviewTable} preview=${preview} />
      <h3>${t('data.mappingTitle')}</h3>
      <p class="muted">${t('data.mappingIntro')}</p>
      <${MappingTable} kind=${kind} preview=${preview} map=${map} onChange=${(m) => { setMap(m); setReport(null); }} />
      <div class="wizard-options">
        ${kind === 'customers' || kind === 'deals' ? html`<div class="field field-check">
          <input type="checkbox" id="import-custom-fields" checked=${opts.custom_fields} onChange=${(e) => setMapOpt('custom_fields', e.currentTarget.checked)} />
          <label for="import-custom-fields">${t('data.optCustomFields')}</label></div>` : null}
        ${NEED_CUSTOMER.has(kind) ? html`<div class="field field-check">
          <input type="checkbox" id="import-create-customers" checked=${opts.create_missing_customers} onChange=${(e) => setMapOpt('create_missing_customers', e.currentTarget.checked)} />
          <label for="import-create-customers">${t('data.optCreateCustomers')}</label></div>` : null}
      </div>
      <div class="form-actions">
        <button type="button" class=${report ? '' : 'primary'} id="import-check" disabled=${busy} onClick=${() => run(true)}>
          ${report ? t('data.checkAgain') : t('data.check')}</button>
      </div>
    </div>` : null}

    ${running === 'check' || running === 'import' ? html`<${Progress} progress=${progress} total=${report && report.rows}
      label=${running === 'check' ? t('data.checking') : t('data.importing')} onCancel=${cancel} />` : null}

    ${report && !running ? html`<div class="wizard-part" id="import-check-step">
      <h3>${step === 'done' ? t('data.doneTitle') : t('data.checkTitle')}</h3>
      ${step === 'done' ? null : clean ? html`<p class="ok-box" id="import-clean">${t('data.clean', { n: fmt.number(report.rows) })}</p>`
        : html`<p class="warn-box" id="import-dirty">${t('data.dirty', { n: fmt.number(report.error_count || 0) })}</p>`}
      <${ReportView} kind=${kind} report=${report} />
      ${step === 'check' && unknownReps ? html`<div class="field field-check fix">
        <input type="checkbox" id="import-create-reps" checked=${opts.create_missing_reps} onChange=${(e) => setOpt('create_missing_reps', e.currentTarget.checked)} />
        <label for="import-create-reps">${t('data.optCreateReps')}</label></div>` : null}
      ${step === 'check' && (duplicates || opts.duplicates === 'later') ? html`<fieldset class="fix" id="import-duplicates">
        <legend>${t('data.dupTitle')}</legend>
        <label><input type="radio" name="dups" id="dup-refuse" checked=${opts.duplicates === 'refuse'} onChange=${() => setOpt('duplicates', 'refuse')} /> ${t('data.dupRefuse')}</label>
        <label><input type="radio" name="dups" id="dup-later" checked=${opts.duplicates === 'later'} onChange=${() => setOpt('duplicates', 'later')} /> ${t('data.dupLater')}</label>
      </fieldset>` : null}
      <div class="form-actions">
        ${step === 'check' && clean ? html`<button type="button" class="primary" id="import-start" disabled=${busy} onClick=${() => run(false)}>
          ${t('data.importN', { n: fmt.number(report.rows) })}</button>` : null}
        ${step === 'check' && !clean && (unknownReps || duplicates) ? html`<button type="button" class="primary" id="import-recheck"
          disabled=${busy} onClick=${() => run(true)}>${t('data.checkAgain')}</button>` : null}
        ${step === 'done' ? html`<a class="button primary" id="import-show" href=${SHOW[kind] || '#/customers'}>${t('data.show')}</a>
          <button type="button" id="import-again" onClick=${reset}>${t('data.again')}</button>` : null}
      </div>
    </div>` : null}
    <p id="data-status" class=${status ? `status ${status.kind}` : 'status'} role=${status && status.kind === 'error' ? 'alert' : 'status'}>
      ${status ? status.text : ''}</p>
  </section>`;
}

/* A core that predates an option names it as unknown: say which. */
function optionError(e) {
  const m = /unknown import option '(\w+)'/.exec(e.message || '');
  return m ? t('data.optionMissing', { option: m[1] }) : errorText(e);
}
