/*
 * Choosing a customer for a new record (a deal, a ticket): search as you
 * type over customers.list q, pick one from the matches. And the names of
 * the customers a list shows, read once per customer id.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { useStore, useQuery } from './context.js';
import { t, fieldLabel } from '../i18n/index.js';

/*
 * props: id (of the search input), value ({id, name} or null),
 * onChange(customer or null), error (text shown beside it), autofocus.
 */
export function CustomerPicker({ id, value, onChange, error, autofocus }) {
  const [q, setQ] = useState('');
  const found = useQuery(value ? null : 'customers.list', { q, limit: 8, sort: 'name' });
  const label = fieldLabel('deals', 'customer_id');
  const errId = error ? `${id}-error` : undefined;
  if (value) {
    return html`<div class="field picker">
      <span class="picker-label" id=${`${id}-label`}>${label}</span>
      <div class="picker-chosen" aria-labelledby=${`${id}-label`}>
        <strong id=${`${id}-chosen`}>${value.name}</strong>
        <button type="button" class="small" onClick=${() => onChange(null)}>${t('picker.change')}</button>
      </div>
    </div>`;
  }
  const items = (found.data && found.data.items) || [];
  return html`<div class=${`field picker ${error ? 'has-error' : ''}`}>
    <label for=${id}>${label}<span class="req" aria-hidden="true"> *</span></label>
    <input id=${id} type="search" value=${q} autocomplete="off" autofocus=${autofocus} required
      placeholder=${t('picker.placeholder')} aria-describedby=${errId} aria-invalid=${error ? 'true' : undefined}
      onInput=${(e) => setQ(e.currentTarget.value)} />
    ${error ? html`<p class="field-error" id=${errId} role="alert">${error}</p>` : null}
    <ul class="picker-results" aria-label=${t('picker.results')}>
      ${items.map((c) => html`<li key=${c.id}>
        <button type="button" class="picker-option" onClick=${() => onChange({ id: c.id, name: c.name })}>
          <span>${c.name}</span>${c.company ? html` <span class="muted">${c.company}</span>` : null}
        </button></li>`)}
      ${!found.loading && !items.length ? html`<li class="muted">${t('picker.none')}</li>` : null}
    </ul>
  </div>`;
}

/* Map customer id → name for `ids`. Each customer is read once while the
 * page is open (names are only shown here, and a move or a response does
 * not change them), so a board refreshing after every write does not read
 * them all again. */
export function useCustomerNames(ids) {
  const store = useStore();
  const [names, setNames] = useState(() => new Map());
  const missing = [...new Set(ids.filter((x) => x !== null && x !== undefined && !names.has(x)))].sort((a, b) => a - b);
  const key = missing.join(',');
  useEffect(() => {
    if (!missing.length) return undefined;
    let live = true;
    Promise.all(missing.map((id) => store.read('customers.get', { id }).then((c) => [id, c.name], () => [id, null])))
      .then((pairs) => { if (live) setNames((old) => new Map([...old, ...pairs])); });
    return () => { live = false; };
  }, [key]);
  return names;
}
