/*
 * First visit: an empty database shows what Genjin is and two ways in:
 * demo data (marked as such, removable in Settings) or a spreadsheet.
 */
import { useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useStore } from '../ui/context.js';
import { t, errorText } from '../i18n/index.js';
import { navigate } from '../router.js';

export function WelcomePage() {
  const store = useStore();
  const [busy, setBusy] = useState(false);
  const info = store.info.value;
  const hasData = info && Object.values(info.counts || {}).some((n) => n > 0);

  async function loadDemo() {
    setBusy(true);
    try {
      const made = await store.write('demo.generate', { customers: 200, seed: Date.now() % 100000 });
      store.say(t('welcome.demoLoaded', { n: made.customers }));
      navigate('/today');
    } catch (e) {
      store.say(errorText(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="welcome">
    <h1>${t('welcome.title')}</h1>
    <p class="lead">${t('welcome.lead')}</p>
    <ul class="welcome-points">
      <li>${t('welcome.point.today')}</li>
      <li>${t('welcome.point.metrics')}</li>
      <li>${t('welcome.point.private')}</li>
    </ul>
    <div class="welcome-actions">
      ${hasData ? null : html`<button type="button" class="primary big" id="load-demo" disabled=${busy || store.readonly.value}
        onClick=${loadDemo}>${busy ? t('welcome.loading') : t('welcome.loadDemo')}</button>`}
      <a class="button big" href="#/data" id="start-import">${t('welcome.import')}</a>
    </div>
    ${hasData ? null : html`<p class="muted">${t('welcome.demoNote')}</p>`}
  </section>`;
}
