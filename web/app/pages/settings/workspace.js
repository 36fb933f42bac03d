/*
 * The workspace: its time zone (the offset "today" and times typed
 * without an offset mean), its currency, and this browser's language.
 * The language is a choice of this browser (i18n setLocale), not of the
 * workspace, so it is its own small form.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { t, locale, setLocale, LOCALES } from '../../i18n/index.js';
import { SettingsForm } from './form.js';

/* UTC offsets in use somewhere, in minutes. */
const OFFSETS = [-720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0,
  60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765, 780, 840];
const CURRENCIES = ['CNY', 'HKD', 'TWD', 'USD', 'EUR', 'GBP', 'JPY', 'KRW', 'SGD', 'AUD', 'CAD'];

/* "UTC+08:00" for 480. */
export function offsetName(min) {
  const sign = min < 0 ? '−' : '+';
  const a = Math.abs(min);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function currencyName(code) {
  try {
    const name = new Intl.DisplayNames([locale.value], { type: 'currency' }).of(code);
    return name && name !== code ? `${code} · ${name}` : code;
  } catch {
    return code;
  }
}

export function WorkspaceSection({ settings }) {
  const tz = settings.tz_offset_minutes;
  const offsets = OFFSETS.includes(tz) ? OFFSETS : [...OFFSETS, tz].sort((a, b) => a - b);
  const currencies = CURRENCIES.includes(settings.currency) ? CURRENCIES : [settings.currency, ...CURRENCIES];
  const fields = [
    { key: 'tz_offset_minutes', type: 'select', numeric: true, options: offsets.map((m) => [m, offsetName(m)]) },
    { key: 'currency', type: 'select', options: currencies.map((c) => [c, currencyName(c)]) },
  ];
  return html`<${SettingsForm} id="set-workspace" title=${t('settings.workspace')} intro=${t('settings.workspaceIntro')} fields=${fields} />`;
}

export function LanguageSection() {
  const [choice, setChoice] = useState(locale.value);
  function submit(e) {
    e.preventDefault();
    setLocale(choice);
  }
  return html`<section class="panel settings-section" id="set-language" aria-labelledby="set-language-title">
    <h2 id="set-language-title">${t('settings.language')}</h2>
    <p class="muted">${t('settings.languageIntro')}</p>
    <form onSubmit=${submit}>
      <div class="form-grid">
        <div class="field">
          <label for="set-language-select">${t('settings.languageLabel')}</label>
          <select id="set-language-select" value=${choice} onChange=${(e) => setChoice(e.currentTarget.value)}>
            ${LOCALES.map((l) => html`<option value=${l} lang=${l} selected=${l === choice}>${t(`settings.lang.${l}`)}</option>`)}
          </select>
        </div>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" id="set-language-save">${t('common.save')}</button>
      </div>
    </form>
  </section>`;
}
