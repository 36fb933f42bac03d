/* The ticket list's filters: one labelled select per closed field of the
 * ticket schema (status, priority, category) and the owner. Each change
 * goes into the address, so a filtered list survives reload. */
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { fieldSchema, optionsFor } from '../../ui/field.js';
import { t, fieldLabel } from '../../i18n/index.js';

export const FILTERS = ['status', 'priority', 'category'];

/* props: values ({status, priority, category, owner}), onChange(name, value). */
export function TicketFilters({ values, onChange }) {
  const store = useStore();
  return html`<div class="toolbar ticket-filters" role="group" aria-label=${t('common.filter')}>
    ${FILTERS.map((name) => {
      const f = fieldSchema(store, 'tickets', name);
      if (!f) return null;
      return html`<div class="field inline" key=${name}>
        <label for=${`tickets-filter-${name}`}>${fieldLabel('tickets', name)}</label>
        <select id=${`tickets-filter-${name}`} value=${values[name] || ''} onChange=${(e) => onChange(name, e.currentTarget.value)}>
          <option value="">${t('common.all')}</option>
          ${optionsFor(store, 'tickets', f).map(([v, text]) => html`<option value=${v} selected=${values[name] === v}>${text}</option>`)}
        </select>
      </div>`;
    })}
    <div class="field inline">
      <label for="tickets-filter-owner">${t('tickets.owner')}</label>
      <select id="tickets-filter-owner" value=${String(values.owner)} onChange=${(e) => onChange('owner', e.currentTarget.value)}>
        <option value="all" selected=${values.owner === 'all'}>${t('common.all')}</option>
        ${store.reps.value.map((r) => html`<option value=${r.id} selected=${values.owner === r.id}>${r.name}</option>`)}
      </select>
    </div>
  </div>`;
}
