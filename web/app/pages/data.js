import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function DataPage() {
  return html`<h1>${t('nav.data')}</h1>`;
}
