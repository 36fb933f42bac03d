/*
 * Custom fields of customers and deals (text, number, date, select, bool).
 * Once defined they appear in the record forms, lists and the import
 * mapper, all of which read them from schema.describe. Entity, key and
 * type are fixed after creation; label, options and "required" change.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore, useQuery } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { t, choiceLabel, errorText } from '../../i18n/index.js';

const TYPES = ['text', 'number', 'date', 'select', 'bool'];
const ENTITIES = ['customers', 'deals'];

/* "金\n银\n" → ["金", "银"]: one option per line, blank lines dropped. */
function optionList(text) {
  return String(text || '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}

function CustomFieldForm({ def, onDone }) {
  const store = useStore();
  const [v, setV] = useState(() => (def
    ? { ...def, options: (def.options || []).join('\n') }
    : { entity: 'customers', key: '', label: '', type: 'text', options: '', required: false }));
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const set = (k) => (e) => setV((old) => ({ ...old, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value }));

  async function submit(e) {
    e.preventDefault();
    setError(null);
    setSaving(true);
    const args = { label: v.label, required: !!v.required };
    if (v.type === 'select') args.options = optionList(v.options);
    try {
      const saved = def
        ? await store.write('customfields.update', { id: def.id, ...args })
        : await store.write('customfields.create', { entity: v.entity, key: v.key, type: v.type, ...args });
      onDone(saved);
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  }

  const errFor = (name) => (error && error.field === name ? errorText(error, 'customfields') : '');
  const field = (name, input) => {
    const err = errFor(name);
    return html`<div class="field ${err ? 'has-error' : ''}">
      <label for=${`cf-${name}`}>${t(`field.customfields.${name}`)}</label>
      ${input}
      ${name === 'key' ? html`<p class="field-hint" id="cf-key-hint">${t('settings.cfKeyHint')}</p>` : null}
      ${name === 'options' ? html`<p class="field-hint">${t('settings.cfOptionsHint')}</p>` : null}
      ${err ? html`<p class="field-error" role="alert">${err}</p>` : null}
    </div>`;
  };
  const known = ['entity', 'key', 'label', 'type', 'options', 'required'];
  return html`<form class="record-form" onSubmit=${submit} noValidate>
    <div class="form-grid">
      ${field('entity', html`<select id="cf-entity" value=${v.entity} disabled=${!!def} onChange=${set('entity')}>
        ${ENTITIES.map((x) => html`<option value=${x} selected=${v.entity === x}>${choiceLabel('entity', x)}</option>`)}</select>`)}
      ${field('label', html`<input id="cf-label" value=${v.label} required onInput=${set('label')} />`)}
      ${field('key', html`<input id="cf-key" value=${v.key} required disabled=${!!def} autocapitalize="off"
        spellcheck="false" pattern="[a-z0-9_]+" aria-describedby="cf-key-hint" onInput=${set('key')} />`)}
      ${field('type', html`<select id="cf-type" value=${v.type} disabled=${!!def} onChange=${set('type')}>
        ${TYPES.map((x) => html`<option value=${x} selected=${v.type === x}>${choiceLabel('type', x)}</option>`)}</select>`)}
      ${v.type === 'select' ? field('options', html`<textarea id="cf-options" rows="4" value=${v.options} onInput=${set('options')} />`) : null}
      <div class="field field-check">
        <input type="checkbox" id="cf-required" checked=${!!v.required} onChange=${set('required')} />
        <label for="cf-required">${t('field.customfields.required')}</label>
      </div>
    </div>
    ${error && !known.includes(error.field) ? html`<p class="form-error" role="alert">${errorText(error, 'customfields')}</p>` : null}
    <div class="form-actions">
      <button type="submit" class="primary" id="cf-save" disabled=${saving || store.readonly.value}>
        ${saving ? t('common.saving') : t('common.save')}</button>
      <button type="button" onClick=${() => onDone(null)}>${t('common.cancel')}</button>
    </div>
  </form>`;
}

export function CustomFieldsSection() {
  const store = useStore();
  const list = useQuery('customfields.list', { limit: 1000, sort: 'id' });
  const [editing, setEditing] = useState(null); // a definition, 'new' or null
  const [deleting, setDeleting] = useState(null);
  const [error, setError] = useState(null);
  const defs = (list.data && list.data.items) || [];

  async function remove(def) {
    setError(null);
    try {
      await store.write('customfields.delete', { id: def.id });
      setDeleting(null);
      store.say(t('settings.cfDeleted', { label: def.label }));
    } catch (e) {
      setError(e);
    }
  }

  return html`<section class="panel settings-section" id="set-customfields" aria-labelledby="set-customfields-title">
    <div class="section-head">
      <h2 id="set-customfields-title">${t('settings.customFields')}</h2>
      <button type="button" class="primary" id="cf-add" onClick=${() => setEditing('new')}>${t('settings.cfAdd')}</button>
    </div>
    <p class="muted">${t('settings.cfIntro')}</p>
    ${list.error ? html`<p class="form-error" role="alert">${errorText(list.error)}</p>` : null}
    ${defs.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="set-customfields-title"><table class="data" id="cf-table">
      <thead><tr>
        <th scope="col">${t('field.customfields.label')}</th>
        <th scope="col">${t('field.customfields.entity')}</th>
        <th scope="col" class="hide-phone">${t('field.customfields.key')}</th>
        <th scope="col">${t('field.customfields.type')}</th>
        <th scope="col"><span class="sr-only">${t('common.actions')}</span></th>
      </tr></thead>
      <tbody>${defs.map((d) => html`<tr key=${d.id} data-cf=${d.key}>
        <td>${d.label}${d.required ? html` <span class="badge">${t('common.required')}</span>` : null}</td>
        <td>${choiceLabel('entity', d.entity)}</td>
        <td class="hide-phone"><code>${d.key}</code></td>
        <td>${choiceLabel('type', d.type)}${d.type === 'select' ? html`<span class="muted"> · ${(d.options || []).join(' / ')}</span>` : null}</td>
        <td class="row-actions">
          <button type="button" class="small" onClick=${() => setEditing(d)} aria-label=${t('settings.cfEdit', { label: d.label })}>${t('common.edit')}</button>
          <button type="button" class="small danger" onClick=${() => { setError(null); setDeleting(d); }}
            aria-label=${t('settings.cfDelete', { label: d.label })}>${t('common.delete')}</button>
        </td>
      </tr>`)}</tbody>
    </table></div>` : list.loading ? null : html`<p class="empty">${t('settings.cfNone')}</p>`}
    ${editing ? html`<${Dialog} id="cf-dialog" title=${editing === 'new' ? t('settings.cfAdd') : t('settings.cfEdit', { label: editing.label })}
        onClose=${() => setEditing(null)}>
      <${CustomFieldForm} def=${editing === 'new' ? null : editing}
        onDone=${(saved) => { setEditing(null); if (saved) store.say(t('settings.cfSaved', { label: saved.label })); }} />
    </${Dialog}>` : null}
    ${deleting ? html`<${Dialog} id="cf-delete-dialog" title=${t('settings.cfDelete', { label: deleting.label })} onClose=${() => setDeleting(null)}>
      <p>${t('settings.cfDeleteConfirm', { label: deleting.label })}</p>
      ${error ? html`<p class="form-error" role="alert">${errorText(error, 'customfields')}</p>` : null}
      <div class="form-actions">
        <button type="button" class="danger" id="cf-delete-confirm" onClick=${() => remove(deleting)}>${t('common.delete')}</button>
        <button type="button" onClick=${() => setDeleting(null)}>${t('common.cancel')}</button>
      </div>
    </${Dialog}>` : null}
  </section>`;
}
