/*
 * One section of workspace settings with its own Save button: the inputs
 * of some settings keys, one settings.set of the keys that changed, and
 * the core's error beside the field it names. Keys the core does not
 * have (a rule this version lacks) are not shown. "activity_weights.x"
 * names one weight of the activity_weights object.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, has, errorText } from '../../i18n/index.js';

/* The stored value of key (with "object.member" keys). */
export function settingValue(settings, key) {
  const [top, member] = key.split('.');
  if (!settings || !(top in settings)) return undefined;
  return member ? (settings[top] || {})[member] : settings[top];
}

/* The settings.set args for the values that differ from `settings`. */
export function changedSettings(settings, fields, values) {
  const args = {};
  for (const f of fields) {
    const v = f.type === 'bool' ? !!values[f.key] : f.type === 'select' ? values[f.key] : toNumber(values[f.key]);
    if (v === settingValue(settings, f.key)) continue;
    const [top, member] = f.key.split('.');
    if (member) args[top] = { ...(args[top] || settings[top]), [member]: v };
    else args[top] = v;
  }
  return args;
}

/* Form text as a number; text that is no number is sent as it is, so the
 * core names the field in its error. */
function toNumber(v) {
  if (typeof v === 'number') return v;
  const s = String(v ?? '').trim();
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
}

/* The text of an error from settings.set, naming the setting by its
 * label on this page rather than by its key. */
export function settingsError(err) {
  const field = err && err.params && err.params.field;
  if (!field || !has(`settings.f.${field}`)) return errorText(err);
  return errorText({ ...err, params: { ...err.params, field: t(`settings.f.${field}`) } });
}

/* The field of `fields` an error from settings.set is about. */
function errorKey(fields, err) {
  if (!err || !err.field) return null;
  const hit = fields.find((f) => f.key === err.field || f.key.split('.')[0] === err.field);
  return hit ? hit.key : null;
}

/*
 * props: id (section id; input ids are "<id>-<key>"), title, intro,
 * fields [{key, type: 'int'|'number'|'bool'|'select', min, max, step,
 * options: [[value, label]], unit}], labels (key → label text).
 */
export function SettingsForm({ id, title, intro, fields, children }) {
  const store = useStore();
  const settings = store.settings.value;
  const shown = fields.filter((f) => settingValue(settings, f.key) !== undefined);
  const [values, setValues] = useState(() => Object.fromEntries(shown.map((f) => [f.key, settingValue(settings, f.key)])));
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  if (!shown.length) return null;

  async function submit(e) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const args = changedSettings(settings, shown, values);
    if (!Object.keys(args).length) { setSaved(true); return; }
    setSaving(true);
    try {
      await store.write('settings.set', args);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const bad = errorKey(shown, error);
  const set = (key, v) => { setSaved(false); setValues((old) => ({ ...old, [key]: v })); };
  const titleId = `${id}-title`;
  return html`<section class="panel settings-section" id=${id} aria-labelledby=${titleId}>
    <h2 id=${titleId}>${title}</h2>
    ${intro ? html`<p class="muted">${intro}</p>` : null}
    <form onSubmit=${submit} noValidate>
      <div class="form-grid">
        ${shown.map((f) => html`<${SettingInput} key=${f.key} id=${`${id}-${f.key.replace('.', '-')}`} f=${f}
          value=${values[f.key]} onInput=${(v) => set(f.key, v)} error=${bad === f.key ? settingsError(error) : ''} />`)}
      </div>
      ${children}
      ${error && !bad ? html`<p class="form-error" role="alert">${settingsError(error)}</p>` : null}
      <div class="form-actions">
        <button type="submit" class="primary" id=${`${id}-save`} disabled=${saving || store.readonly.value}>
          ${saving ? t('common.saving') : t('common.save')}</button>
        ${saved ? html`<span class="saved-note" role="status">${t('settings.saved')}</span>` : null}
      </div>
    </form>
  </section>`;
}

function SettingInput({ id, f, value, onInput, error }) {
  const label = t(`settings.f.${f.key}`);
  const errId = error ? `${id}-error` : undefined;
  const aria = { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': errId };
  const err = error ? html`<p class="field-error" id=${errId} role="alert">${error}</p>` : null;
  if (f.type === 'bool') {
    return html`<div class="field field-check ${error ? 'has-error' : ''}">
      <input type="checkbox" id=${id} ...${aria} checked=${!!value} onChange=${(e) => onInput(e.currentTarget.checked)} />
      <label for=${id}>${label}</label>${err}
    </div>`;
  }
  let input;
  if (f.type === 'select') {
    input = html`<select id=${id} ...${aria} value=${String(value)} onChange=${(e) => onInput(f.numeric ? Number(e.currentTarget.value) : e.currentTarget.value)}>
      ${f.options.map(([v, text]) => html`<option value=${String(v)} selected=${String(v) === String(value)}>${text}</option>`)}
    </select>`;
  } else {
    input = html`<input type="number" inputmode="decimal" id=${id} ...${aria} min=${f.min} max=${f.max}
      step=${f.step || (f.type === 'int' ? 1 : 'any')} value=${value ?? ''} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  }
  return html`<div class="field ${error ? 'has-error' : ''}">
    <label for=${id}>${label}</label>
    ${input}
    ${f.unit ? html`<p class="field-hint">${t(`settings.unit.${f.unit}`)}</p>` : null}
    ${err}
  </div>`;
}
