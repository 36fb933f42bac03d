import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function CustomerPage() {
  return html`<h1>${t('nav.customer')}</h1>`;
}
