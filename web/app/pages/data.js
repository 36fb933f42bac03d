/*
 * Data: the import wizard, export (CSV and JSON), keeping the data
 * (persistent storage, size, backup) and restoring a backup.
 */
import { html } from '../ui/html.js';
import { t } from '../i18n/index.js';
import { KeepingData } from '../ui/keeping-data.js';
import { ImportWizard } from './data/wizard.js';
import { ExportPanel } from './data/export.js';
import { RestorePanel } from './data/restore.js';

export function DataPage({ route }) {
  return html`<div class="data-page" id="data-main">
    <div class="page-head"><h1>${t('nav.data')}</h1></div>
    <${ImportWizard} />
    <div class="data-columns">
      <${ExportPanel} key=${JSON.stringify(route.query || {})} query=${route.query || {}} />
      <${KeepingData} />
    </div>
    <${RestorePanel} />
  </div>`;
}
