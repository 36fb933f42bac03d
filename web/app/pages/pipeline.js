import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';

export function PipelinePage() {
  return html`<h1>${t('nav.pipeline')}</h1>`;
}
