/*
 * Form fields generated from schema.describe: the input for a field comes
 * from its type (enum → select of translated choices, ref reps → the team,
 * time → a local date-time, bool → a checkbox, custom fields from their
 * definitions), its label from the catalogue, and the error the core gave
 * for it is shown beside it.
 */
import { html } from './html.js';
import { useStore } from './context.js';
import { t, fieldLabel, choiceLabel, stageLabel, toLocalInput } from '../i18n/index.js';

/* The schema entry of entity `name` (fields, custom) or null. */
export function entitySchema(store, name) {
  const s = store.schema.value;
  return (s && s.entities[name]) || null;
}

/* Field `name` of an entity's schema (also "custom.<key>"). */
export function fieldSchema(store, entity, name) {
  const e = entitySchema(store, entity);
  if (!e) return null;
  if (name.startsWith('custom.')) {
    const def = (e.custom || []).find((c) => c.key === name.slice(7));
    return def ? { name, type: `custom_${def.type}`, required: !!def.required, label: def.label, options: def.options || [] } : null;
  }
  return e.fields.find((f) => f.name === name) || null;
}

/* The value a form holds for a record's field: custom values live in the
 * record's `custom` object; times are local date-time text. */
export function formValue(record, f, dateOnly) {
  if (!record) return '';
  const v = f.name.startsWith('custom.') ? (record.custom || {})[f.name.slice(7)] : record[f.name];
  if (v === null || v === undefined) return f.type === 'bool' ? false : '';
  if (f.type === 'time') return toLocalInput(v, dateOnly);
  return v;
}

/* Form text back into API values: '' becomes null, numbers numbers. */
export function apiValue(f, v) {
  if (f.type === 'bool' || f.type === 'custom_bool') return !!v;
  if (v === '' || v === undefined) return null;
  if (['integer', 'number', 'ref', 'custom_number'].includes(f.type)) return Number(v);
  return v;
}

/* Collects a form's values as API args (custom.* into `custom`). */
export function collect(store, entity, names, values) {
  const args = {};
  for (const name of names) {
    const f = fieldSchema(store, entity, name);
    if (!f || f.readonly) continue;
    const v = apiValue(f, values[name]);
    if (name.startsWith('custom.')) {
      if (v !== null) (args.custom = args.custom || {})[name.slice(7)] = v;
    } else {
      args[name] = v;
    }
  }
  return args;
}

/*
 * One labelled input. props: entity, name, value, onInput(value), error
 * (text or ''), id (defaults to "<entity>-<name>"), dateOnly, choices
 * (overrides the schema's), required (overrides), autofocus.
 */
export function Field({ entity, name, value, onInput, error, id, dateOnly, choices, required, autofocus, hint }) {
  const store = useStore();
  const f = fieldSchema(store, entity, name);
  if (!f) return null;
  const inputId = id || `${entity}-${name}`.replace(/\./g, '-');
  const label = f.label || fieldLabel(entity, name);
  const req = required ?? f.required;
  const errId = error ? `${inputId}-error` : undefined;
  const common = {
    id: inputId, name, required: req, 'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': errId, autofocus,
  };
  let input;
  const type = f.type;
  const opts = choices || optionsFor(store, entity, f);
  if (type === 'bool' || type === 'custom_bool') {
    input = html`<input type="checkbox" ...${common} checked=${!!value} onChange=${(e) => onInput(e.currentTarget.checked)} />`;
    return html`<div class="field field-check ${error ? 'has-error' : ''}">
      ${input}<label for=${inputId}>${label}</label>
      ${error ? html`<p class="field-error" id=${errId} role="alert">${error}</p>` : null}
    </div>`;
  }
  if (opts) {
    input = html`<select ...${common} value=${value ?? ''} onChange=${(e) => onInput(e.currentTarget.value)}>
      ${!req || value === '' || value === null ? html`<option value="">${t('common.notSet')}</option>` : null}
      ${opts.map(([v, text]) => html`<option value=${v} selected=${String(value) === String(v)}>${text}</option>`)}
    </select>`;
  } else if (type === 'time' || type === 'custom_date') {
    const asDate = dateOnly || type === 'custom_date';
    input = html`<input type=${asDate ? 'date' : 'datetime-local'} ...${common} value=${value ?? ''}
      onInput=${(e) => onInput(e.currentTarget.value)} />`;
  } else if (['integer', 'number', 'custom_number'].includes(type)) {
    input = html`<input type="number" inputmode="decimal" step=${type === 'integer' ? 1 : 'any'} min=${f.min}
      ...${common} value=${value ?? ''} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  } else if (name === 'summary' || name === 'pain_points' || name === 'comment') {
    input = html`<textarea rows="3" ...${common} value=${value ?? ''} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  } else {
    const kind = name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text';
    input = html`<input type=${kind} ...${common} value=${value ?? ''} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  }
  return html`<div class="field ${error ? 'has-error' : ''}">
    <label for=${inputId}>${label}${req ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
    ${input}
    ${hint ? html`<p class="field-hint">${hint}</p>` : null}
    ${error ? html`<p class="field-error" id=${errId} role="alert">${error}</p>` : null}
  </div>`;
}

/* [value, label] pairs for a field with a closed set of values. */
export function optionsFor(store, entity, f) {
  if (f.type === 'enum') return f.choices.map((c) => [c, choiceLabel(f.name, c)]);
  if (f.type === 'stage') return (store.schema.value.pipeline || []).map((s) => [s.name, stageLabel(s.name)]);
  if (f.type === 'custom_select') return (f.options || []).map((o) => [o, o]);
  if (f.type === 'ref' && f.ref === 'reps') {
    return store.reps.value.filter((r) => r.active !== false).map((r) => [r.id, r.name]);
  }
  return null;
}
