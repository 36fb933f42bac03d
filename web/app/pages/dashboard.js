import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function Page() {
  return html`<h1>${t('nav.dashboard')}</h1>`;
}
