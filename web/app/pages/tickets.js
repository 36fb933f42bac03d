import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function TicketsPage() {
  return html`<h1>${t('nav.tickets')}</h1>`;
}
