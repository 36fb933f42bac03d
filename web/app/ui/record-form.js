/*
 * A create/edit form generated from schema.describe. It sends one write
 * (create, or update of the changed fields) and shows the core's error
 * beside the field it names, in the current language; the button says
 * "Saving…" until the write is durable, and onSaved runs only then.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { useStore } from './context.js';
import { Field, fieldSchema, formValue, collect } from './field.js';
import { t, errorText } from '../i18n/index.js';

/*
 * props: entity ("customers"), fields (names in order; "custom" expands to
 * the entity's custom fields), record (the stored one when editing, else
 * null), defaults ({field: value} for a new record), extraArgs (sent with
 * the write, e.g. {customer_id}), onSaved(record), onCancel, submitLabel,
 * idPrefix (ids of the inputs), children (shown above the buttons),
 * onValues(values) (told every change as it is typed, e.g. to look for a
 * duplicate while the user types).
 */
export function RecordForm({ entity, fields, record, defaults, extraArgs, onSaved, onCancel, submitLabel, idPrefix, children, dateOnly, onValues }) {
  const store = useStore();
  const names = expand(store, entity, fields);
  const [values, setValues] = useState(() => {
    const v = {};
    for (const n of names) {
      const f = fieldSchema(store, entity, n);
      if (f) v[n] = record ? formValue(record, f, dateOnly && dateOnly.includes(n)) : (defaults && n in defaults ? defaults[n] : formValue(null, f));
    }
    return v;
  });
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const set = (n) => (v) => setValues((old) => ({ ...old, [n]: v }));
  useEffect(() => { if (onValues) onValues(values); }, [values]);

  async function submit(e) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    try {
      let args = collect(store, entity, names, values);
      if (record) {
        args = changedOnly(store, entity, record, args);
        args.id = record.id;
      }
      const saved = await store.write(`${entity}.${record ? 'update' : 'create'}`, { ...args, ...(extraArgs || {}) });
      setSaving(false);
      if (onSaved) onSaved(saved);
    } catch (err) {
      setSaving(false);
      setError(err);
    }
  }

  const fieldError = (n) => {
    if (!error) return '';
    const f = error.field === 'custom' && error.params && error.params.key ? `custom.${error.params.key}` : error.field;
    return f === n ? errorText(error, entity) : '';
  };
  const formError = error && !names.includes(error.field) ? errorText(error, entity) : '';
  const prefix = idPrefix || `${entity}-form`;
  return html`<form class="record-form" onSubmit=${submit} noValidate>
    <div class="form-grid">
      ${names.map((n) => html`<${Field} key=${n} entity=${entity} name=${n} id=${`${prefix}-${n.replace('.', '-')}`}
        value=${values[n]} onInput=${set(n)} error=${fieldError(n)} dateOnly=${dateOnly && dateOnly.includes(n)} />`)}
    </div>
    ${children}
    ${formError ? html`<p class="form-error" role="alert">${formError}</p>` : null}
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${saving || store.readonly.value}>
        ${saving ? t('common.saving') : submitLabel || t('common.save')}</button>
      ${onCancel ? html`<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>` : null}
    </div>
  </form>`;
}

/* Field names with "custom" replaced by the entity's custom fields. */
export function expand(store, entity, fields) {
  const out = [];
  for (const n of fields) {
    if (n === 'custom') {
      const e = store.schema.value && store.schema.value.entities[entity];
      for (const c of (e && e.custom) || []) out.push(`custom.${c.key}`);
    } else {
      out.push(n);
    }
  }
  return out;
}

/* The args that differ from the stored record (custom merged whole). */
function changedOnly(store, entity, record, args) {
  const out = {};
  for (const [k, v] of Object.entries(args)) {
    if (k === 'custom') {
      const merged = { ...(record.custom || {}), ...v };
      if (JSON.stringify(merged) !== JSON.stringify(record.custom || {})) out.custom = merged;
      continue;
    }
    const f = fieldSchema(store, entity, k);
    const old = record[k] ?? null;
    if (f && f.type === 'time') {
      if ((old ? formValue(record, f) : null) !== (v ? String(v).slice(0, 16) : null)) out[k] = v;
    } else if (old !== v) {
      out[k] = v;
    }
  }
  return out;
}
