import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function TodayPage() {
  return html`<h1>${t('nav.today')}</h1>`;
}
