/*
 * "New customer": the create form generated from schema.describe, with a
 * "possible duplicate" warning while the phone, email or WeChat typed
 * matches a customer already stored (customers.duplicates; where the core
 * has no such op, a search for the value as typed, checked here the same
 * way: phone by digits, email without case, WeChat exactly), linking to it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { RecordForm } from '../../ui/record-form.js';
import { t, fieldLabel } from '../../i18n/index.js';

const FORM_FIELDS = ['name', 'company', 'phone', 'email', 'wechat', 'tier', 'status', 'owner_id', 'source', 'region', 'tags', 'custom'];
const KEYS = ['phone', 'email', 'wechat'];
const DEBOUNCE_MS = 250;

const digits = (s) => String(s || '').replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');
const SAME = {
  phone: (a, b) => digits(a) !== '' && digits(a) === digits(b),
  email: (a, b) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase(),
  wechat: (a, b) => !!a && a.trim() === String(b || '').trim(),
};

/* Stored customers sharing phone, email or WeChat with `v`:
 * [{id, name, matched: ["phone", ...]}]. */
export async function findDuplicates(store, caps, v) {
  const asked = {};
  for (const k of KEYS) if (v[k] && String(v[k]).trim().length >= 3) asked[k] = String(v[k]).trim();
  if (!Object.keys(asked).length) return [];
  if (caps.ops['customers.duplicates']) return (await store.read('customers.duplicates', asked)).items;
  const found = new Map();
  for (const [k, value] of Object.entries(asked)) {
    const { items } = await store.read('customers.list', { q: value, limit: 20 });
    for (const r of items.filter((x) => SAME[k](value, x[k]))) {
      if (!found.has(r.id)) found.set(r.id, { id: r.id, name: r.name, matched: [] });
      found.get(r.id).matched.push(k);
    }
  }
  return [...found.values()];
}

export function NewCustomerDialog({ caps, onClose, onSaved }) {
  const store = useStore();
  const [dups, setDups] = useState([]);
  const timer = useRef(null);
  const lastAsked = useRef('');

  function onValues(v) {
    const asked = JSON.stringify(KEYS.map((k) => v[k] || ''));
    if (asked === lastAsked.current) return;
    lastAsked.current = asked;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      findDuplicates(store, caps, v).then((items) => { if (lastAsked.current === asked) setDups(items); }, () => {});
    }, DEBOUNCE_MS);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const defaults = store.me.value ? { owner_id: store.me.value } : undefined;
  return html`<${Dialog} id="new-customer" title=${t('customers.new.title')} onClose=${onClose} wide>
    <${RecordForm} entity="customers" fields=${FORM_FIELDS} defaults=${defaults} idPrefix="new-customer"
        onValues=${onValues} onCancel=${onClose} onSaved=${onSaved}>
      ${dups.length ? html`<div class="warn-box dup-warning" role="status" id="duplicate-warning">
        <strong>${t('customers.dup.title')}</strong>
        <ul>${dups.map((d) => html`<li key=${d.id}>
          <a href=${`#/customers/${d.id}`} onClick=${onClose}>${d.name}</a>
          <span class="muted"> · ${t('customers.dup.same', { fields: (d.matched || []).map((m) => fieldLabel('customers', m)).join(', ') })}</span>
        </li>`)}</ul>
      </div>` : null}
    </${RecordForm}>
  </${Dialog}>`;
}
