/*
 * The pipeline: stage names (the user's own words; the default stages
 * show their translated names until renamed), their order and the days a
 * deal may stay in each. One settings.set of the whole list; the core
 * refuses to drop a stage a deal is still in and says why.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, stageLabel, errorText } from '../../i18n/index.js';

export function PipelineSection() {
  const store = useStore();
  // Each row keeps the stored name until the user types a new one, so an
  // untouched default stage keeps its key (and its translation).
  const fromStore = () => (store.settings.value.pipeline || []).map((s) => ({ name: s.name, label: stageLabel(s.name), days: s.deadline_days }));
  const [rows, setRows] = useState(fromStore);
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const change = (i, patch) => { setSaved(false); setRows((old) => old.map((r, j) => (j === i ? { ...r, ...patch } : r))); };
  const move = (i, by) => {
    setSaved(false);
    setRows((old) => {
      const next = old.slice();
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
    // The focus follows the stage it moved (the button at its new place,
    // or the other one when that end of the list is reached).
    requestAnimationFrame(() => {
      const same = document.getElementById(`stage-${by < 0 ? 'up' : 'down'}-${i + by}`);
      const other = document.getElementById(`stage-${by < 0 ? 'down' : 'up'}-${i + by}`);
      (same && !same.disabled ? same : other)?.focus();
    });
  };
  const remove = (i) => { setSaved(false); setRows((old) => old.filter((_, j) => j !== i)); };
  const add = () => { setSaved(false); setRows((old) => [...old, { name: '', label: '', days: 3 }]); };

  async function submit(e) {
    e.preventDefault();
    setError(null);
    setSaving(true);
    try {
      const pipeline = rows.map((r) => ({ name: r.name, deadline_days: r.days === '' ? r.days : Number(r.days) }));
      await store.write('settings.set', { pipeline });
      setRows(fromStore());
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return html`<section class="panel settings-section" id="set-pipeline" aria-labelledby="set-pipeline-title">
    <h2 id="set-pipeline-title">${t('settings.pipeline')}</h2>
    <p class="muted">${t('settings.pipelineIntro')}</p>
    <form onSubmit=${submit} noValidate>
      <ol class="stage-list">
        ${rows.map((r, i) => html`<li class="stage-row" key=${i}>
          <span class="stage-no" aria-hidden="true">${i + 1}</span>
          <div class="field">
            <label for=${`stage-name-${i}`}>${t('settings.stageName', { n: i + 1 })}</label>
            <input id=${`stage-name-${i}`} value=${r.label} required
              onInput=${(e) => change(i, { name: e.currentTarget.value, label: e.currentTarget.value })} />
          </div>
          <div class="field stage-days">
            <label for=${`stage-days-${i}`}>${t('settings.stageDays')}</label>
            <input id=${`stage-days-${i}`} type="number" min="0" step="1" inputmode="numeric" value=${r.days}
              onInput=${(e) => change(i, { days: e.currentTarget.value })} />
          </div>
          <div class="stage-buttons">
            <button type="button" class="small" id=${`stage-up-${i}`} disabled=${i === 0} onClick=${() => move(i, -1)}
              aria-label=${t('settings.stageUp', { name: r.label || i + 1 })}>↑</button>
            <button type="button" class="small" id=${`stage-down-${i}`} disabled=${i === rows.length - 1} onClick=${() => move(i, 1)}
              aria-label=${t('settings.stageDown', { name: r.label || i + 1 })}>↓</button>
            <button type="button" class="small danger" id=${`stage-remove-${i}`} onClick=${() => remove(i)}
              aria-label=${t('settings.stageRemove', { name: r.label || i + 1 })}>×</button>
          </div>
        </li>`)}
      </ol>
      <button type="button" id="stage-add" onClick=${add}>${t('settings.stageAdd')}</button>
      ${error ? html`<p class="form-error" role="alert" id="set-pipeline-error">${errorText(error)}</p>` : null}
      <div class="form-actions">
        <button type="submit" class="primary" id="set-pipeline-save" disabled=${saving || store.readonly.value}>
          ${saving ? t('common.saving') : t('common.save')}</button>
        ${saved ? html`<span class="saved-note" role="status">${t('settings.saved')}</span>` : null}
      </div>
    </form>
  </section>`;
}
