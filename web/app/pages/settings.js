/*
 * Settings: the team, the pipeline, the rules the metrics follow, custom
 * fields, the workspace (time zone, currency), this browser's language,
 * team sync, keeping the data, and removing demo data. Every section saves on its
 * own, so a mistake in one does not hold back the others.
 */
import { html } from '../ui/html.js';
import { useStore } from '../ui/context.js';
import { t } from '../i18n/index.js';
import { KeepingData } from '../ui/keeping-data.js';
import { RepsSection } from './settings/reps.js';
import { PipelineSection } from './settings/pipeline.js';
import { RulesSections } from './settings/rules.js';
import { CustomFieldsSection } from './settings/customfields.js';
import { WorkspaceSection, LanguageSection } from './settings/workspace.js';
import { DemoSection } from './settings/demo.js';
import { TeamSyncSection } from './settings/team-sync.js';

const SECTIONS = [
  ['set-reps', 'settings.reps'], ['set-pipeline', 'settings.pipeline'], ['set-cadence', 'settings.cadence'],
  ['set-customfields', 'settings.customFields'], ['set-workspace', 'settings.workspace'], ['set-language', 'settings.language'],
  ['set-sync', 'teamSync.title'], ['keeping', 'keeping.title'],
];

export function SettingsPage() {
  const store = useStore();
  const settings = store.settings.value;
  return html`<div class="settings-page">
    <div class="page-head"><h1>${t('nav.settings')}</h1></div>
    <nav class="settings-toc" aria-label=${t('settings.sections')}>
      ${SECTIONS.map(([id, key]) => html`<a href=${`#/settings`} onClick=${(e) => { e.preventDefault(); jump(id); }}>${t(key)}</a>`)}
    </nav>
    <${DemoSection} />
    <${RepsSection} />
    <${PipelineSection} />
    <${RulesSections} />
    <${CustomFieldsSection} />
    <${WorkspaceSection} settings=${settings} />
    <${LanguageSection} />
    <${TeamSyncSection} />
    <${KeepingData} />
  </div>`;
}

/* Scrolls to a section and moves the focus there (the hash is the route). */
function jump(id) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
}
