import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function SettingsPage() {
  return html`<h1>${t('nav.settings')}</h1>`;
}
