/*
 * "Remove demo data": shown only while the database holds demo data
 * (db.info.demo); one op removes it all, after the user confirmed.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { Dialog } from '../../ui/dialog.js';
import { t, errorText } from '../../i18n/index.js';

export function DemoSection() {
  const store = useStore();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  if (!store.info.value || !store.info.value.demo) return null;

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const done = await store.write('demo.remove', {});
      setAsking(false);
      store.say(t('settings.demoRemoved', { n: ((done && done.removed) || {}).customers ?? 0 }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="panel settings-section" id="set-demo" aria-labelledby="set-demo-title">
    <h2 id="set-demo-title">${t('settings.demo')}</h2>
    <p class="muted">${t('settings.demoIntro')}</p>
    <button type="button" class="danger" id="demo-remove" disabled=${store.readonly.value} onClick=${() => setAsking(true)}>
      ${t('settings.demoRemove')}</button>
    ${asking ? html`<${Dialog} id="demo-dialog" title=${t('settings.demoRemove')} onClose=${() => setAsking(false)}>
      <p>${t('settings.demoConfirm')}</p>
      ${error ? html`<p class="form-error" role="alert">${errorText(error)}</p>` : null}
      <div class="form-actions">
        <button type="button" class="danger" id="demo-remove-confirm" disabled=${busy} onClick=${remove}>
          ${busy ? t('common.saving') : t('settings.demoRemove')}</button>
        <button type="button" onClick=${() => setAsking(false)}>${t('common.cancel')}</button>
      </div>
    </${Dialog}>` : null}
  </section>`;
}
