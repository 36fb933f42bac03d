/*
 * The message catalogue: every string the page shows comes from here, in
 * one language at a time. Catalogues live per locale (zh-CN/, en/), one
 * file per page plus common.js; keys are "page.what". Numbers, money and
 * dates go through Intl in the current locale; times are shown in the
 * workspace's time zone (settings.tz_offset_minutes), the one the core
 * uses for "today" and for times typed without an offset.
 *
 * The language: ?lang=en|zh-CN, else the one chosen in Settings (kept in
 * this browser), else the browser's language.
 */
import { signal } from '@preact/signals';
import zh from './zh-CN/index.js';
import en from './en/index.js';

const CATALOGUES = { 'zh-CN': zh, en };
export const LOCALES = ['zh-CN', 'en'];

function initialLocale() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && CATALOGUES[asked]) return asked;
  const kept = localStorage.getItem('genjin.lang');
  if (kept && CATALOGUES[kept]) return kept;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const locale = signal(initialLocale());
/* Workspace settings the formatters need; main.js keeps them current. */
export const workspace = signal({ tz_offset_minutes: -new Date().getTimezoneOffset(), currency: 'CNY' });

export function setLocale(l) {
  if (!CATALOGUES[l]) return;
  localStorage.setItem('genjin.lang', l);
  locale.value = l;
  document.documentElement.lang = l;
}

/* The message `key` with {name} placeholders filled from params. A key
 * missing in the current locale falls back to English, then to the key
 * itself (so a gap is visible, never blank). */
export function t(key, params) {
  const msg = CATALOGUES[locale.value][key] ?? CATALOGUES.en[key] ?? key;
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? m : String(params[name])));
}

/* Whether the catalogue has `key` (for optional labels such as a stage
 * name that is the user's own word). */
export function has(key) {
  return key in CATALOGUES[locale.value] || key in CATALOGUES.en;
}

/* The label of a field (customers.name → "客户名称"). */
export function fieldLabel(entity, field) {
  if (field.startsWith('custom.')) return field.slice(7);
  const k = `field.${entity}.${field}`;
  if (has(k)) return t(k);
  return has(`field.${field}`) ? t(`field.${field}`) : field;
}

/* The label of an enum value (status "lead" → "线索"). Unknown values
 * (a user's own channel or source) show as they are. */
export function choiceLabel(field, value) {
  if (value === null || value === undefined || value === '') return '';
  const k = `choice.${field}.${value}`;
  return has(k) ? t(k) : String(value);
}

/* A pipeline stage: the default stages have translations; stages the user
 * named are their own words. */
export function stageLabel(name) {
  return has(`stage.${name}`) ? t(`stage.${name}`) : name;
}

/* The text of an error from the core (or of an import report's row), in
 * the current language: by its reason key and params (docs/api.md,
 * "Reasons") when it has one, else the core's message. Field names, the
 * expected type and the allowed choices are shown through the catalogue;
 * the offending value as it was typed. */
export function errorText(err, entity) {
  if (!err) return '';
  if (err.reason && has(`error.${err.reason}`)) {
    const p = { ...(err.params || {}) };
    const field = p.field || '';
    if (p.field) p.field = fieldLabel(entity || p.entity || '', p.field);
    if (p.other) p.other = fieldLabel(entity || p.entity || '', p.other);
    if (p.expected && has(`error.type.${p.expected}`)) p.expected = t(`error.type.${p.expected}`);
    if (typeof p.choices === 'string') {
      const label = err.reason === 'not_a_stage' ? stageLabel : (v) => choiceLabel(field, v);
      p.choices = p.choices.split(', ').map(label).join(locale.value === 'zh-CN' ? '、' : ', ');
    }
    if (p.entity && has(`entity.${p.entity}`)) p.entity = t(`entity.${p.entity}`);
    return t(`error.${err.reason}`, p);
  }
  if (err.code && has(`error.code.${err.code}`) && !err.message) return t(`error.code.${err.code}`);
  return err.message || t('error.code.error');
}

/* ---- formatting ---- */

const cache = new Map();
function nf(opts) {
  const key = locale.value + JSON.stringify(opts);
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(locale.value, opts));
  return cache.get(key);
}

export const fmt = {
  number: (n, digits = 0) => (n === null || n === undefined ? '—' : nf({ maximumFractionDigits: digits }).format(n)),
  money: (n) => (n === null || n === undefined ? '—'
    : nf({ style: 'currency', currency: workspace.value.currency || 'CNY', maximumFractionDigits: 0 }).format(n)),
  percent: (r, digits = 1) => (r === null || r === undefined ? '—' : nf({ style: 'percent', maximumFractionDigits: digits }).format(r)),
  hours: (h) => (h === null || h === undefined ? '—' : t('unit.hours', { n: nf({ maximumFractionDigits: 1 }).format(h) })),
  days: (d) => (d === null || d === undefined ? '—' : t('unit.days', { n: nf({ maximumFractionDigits: 1 }).format(d) })),
  /* An ISO time from the core as a local date / date-time of the workspace. */
  date: (iso) => formatTime(iso, { year: 'numeric', month: '2-digit', day: '2-digit' }),
  datetime: (iso) => formatTime(iso, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  /* "3 days ago" / "in 2 hours". */
  relative: (iso) => {
    if (!iso) return '—';
    const diff = (Date.parse(iso) - Date.now()) / 1000;
    const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
    const abs = Math.abs(diff);
    if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
    return rtf.format(Math.round(diff / 86400), 'day');
  },
};

function formatTime(iso, opts) {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const shifted = new Date(ms + workspace.value.tz_offset_minutes * 60000);
  return new Intl.DateTimeFormat(locale.value, { ...opts, timeZone: 'UTC' }).format(shifted);
}

/* ---- workspace-local times for inputs ---- */

/* ISO UTC from the core → "YYYY-MM-DDTHH:MM" (or the date part) in the
 * workspace's time zone, for <input type=datetime-local|date>. */
export function toLocalInput(iso, dateOnly) {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + workspace.value.tz_offset_minutes * 60000).toISOString();
  return dateOnly ? d.slice(0, 10) : d.slice(0, 16);
}

/* Today's date (YYYY-MM-DD) in the workspace's time zone. */
export function localToday(plusDays = 0) {
  return new Date(Date.now() + workspace.value.tz_offset_minutes * 60000 + plusDays * 86400000).toISOString().slice(0, 10);
}
