import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function CustomersPage() {
  return html`<h1>${t('nav.customers')}</h1>`;
}
