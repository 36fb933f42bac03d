/*
 * Saved views of the customer list: a name with the search, filters, sort
 * and pool choice, kept in this browser per database (localStorage), shown
 * as chips above the list. A view is the list's address query, so opening
 * one is just going to that address.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { dbKey } from '../../store.js';
import { t } from '../../i18n/index.js';

const storageKey = () => `genjin.customerViews:${dbKey()}`;

export function loadViews() {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey()) || '[]');
    return Array.isArray(v) ? v.filter((x) => x && typeof x.name === 'string' && x.query) : [];
  } catch {
    return [];
  }
}

function storeViews(views) {
  localStorage.setItem(storageKey(), JSON.stringify(views));
}

/* Chips of the saved views, the current one marked; "Save view" asks for a
 * name inline. query: the list's current address query; onOpen(query). */
export function SavedViews({ query, onOpen }) {
  const [views, setViews] = useState(loadViews);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const same = (q) => JSON.stringify(normal(q)) === JSON.stringify(normal(query));

  function save(e) {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    const next = [...views.filter((v) => v.name !== n), { name: n, query: normal(query) }];
    storeViews(next);
    setViews(next);
    setNaming(false);
    setName('');
  }
  function remove(v) {
    const next = views.filter((x) => x !== v);
    storeViews(next);
    setViews(next);
  }

  return html`<div class="views" role="group" aria-label=${t('customers.views.label')}>
    ${views.map((v) => html`<span class=${`chip ${same(v.query) ? 'current' : ''}`} key=${v.name}>
      <button type="button" class="chip-open" aria-pressed=${same(v.query) ? 'true' : 'false'}
        onClick=${() => onOpen(v.query)}>${v.name}</button>
      <button type="button" class="chip-x" aria-label=${t('customers.views.delete', { name: v.name })}
        onClick=${() => remove(v)}>×</button>
    </span>`)}
    ${naming ? html`<form class="view-name" onSubmit=${save}>
        <label for="view-name" class="sr-only">${t('customers.views.name')}</label>
        <input id="view-name" value=${name} placeholder=${t('customers.views.name')} autofocus
          onInput=${(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="small primary" disabled=${!name.trim()}>${t('common.save')}</button>
        <button type="button" class="small" onClick=${() => setNaming(false)}>${t('common.cancel')}</button>
      </form>`
    : html`<button type="button" class="small" id="save-view" onClick=${() => setNaming(true)}>${t('customers.views.save')}</button>`}
  </div>`;
}

/* The parts of the address query a view keeps, without empty ones. */
function normal(q) {
  const out = {};
  for (const k of ['q', 'f', 'sort', 'pool']) if (q && q[k]) out[k] = q[k];
  return out;
}
