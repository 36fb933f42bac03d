/*
 * The frame around every page: the name, the navigation, "I am …", the
 * storage status (saved / saving / read-only / failed, with backup, retry
 * and "use here") and one-off notices. Components here only bind events
 * and render; what a click does is in the store and main.js.
 */
import { html } from './html.js';
import { useStore } from './context.js';
import { t } from '../i18n/index.js';
import { route } from '../router.js';

export const NAV = ['today', 'customers', 'pipeline', 'tickets', 'dashboard', 'report', 'data', 'settings'];

export function Shell({ children, actions }) {
  const store = useStore();
  const current = route.value.page;
  return html`<div class="shell">
    <a class="skip" href="#main">${t('nav.skip')}</a>
    <header class="topbar">
      <a class="brand" href="#/today"><img src="favicon.svg" alt="" width="24" height="24" /><span>${t('app.name')}</span></a>
      <nav aria-label=${t('nav.label')} class="nav">
        ${NAV.map((p) => html`<a href=${`#/${p}`} id=${`nav-${p}`} aria-current=${current === p ? 'page' : undefined}>${t(`nav.${p}`)}</a>`)}
      </nav>
      <${MePicker} />
    </header>
    <${StatusBar} actions=${actions} />
    <${Notices} actions=${actions} />
    <main id="main" tabindex="-1">${children}</main>
  </div>`;
}

function MePicker() {
  const store = useStore();
  const reps = store.reps.value.filter((r) => r.active !== false);
  return html`<div class="me">
    <label for="me-select">${t('me.label')}</label>
    <select id="me-select" value=${store.me.value || ''} onChange=${(e) => store.setMe(Number(e.currentTarget.value) || null)}>
      <option value="">${t('me.everyone')}</option>
      ${reps.map((r) => html`<option value=${r.id} selected=${store.me.value === r.id}>${r.name}</option>`)}
    </select>
  </div>`;
}

/* The storage status; ids and data-* attributes are what tests look for. */
function StatusBar({ actions }) {
  const store = useStore();
  const s = store.storage.value;
  if (!s) return html`<div id="storage" class="storage" role="status"><span id="storage-text">${t('status.loading')}</span></div>`;
  const pending = store.pending.value > 0;
  const saved = !s.saveError && s.durableTxn >= s.txn && !pending;
  let cls = 'storage';
  let text;
  const buttons = [];
  if (s.role === 'corrupt') {
    cls += ' error';
    text = t('status.corrupt', { report: s.report });
  } else if (s.role === 'passive') {
    cls += ' warn';
    text = t('status.passive');
    buttons.push(html`<button id="use-here" type="button" onClick=${actions.takeOver}>${t('status.useHere')}</button>`);
  } else if (s.saveError) {
    cls += ' error';
    text = t('status.saveFailed', { error: s.saveError });
    buttons.push(html`<button id="retry-save" type="button" onClick=${actions.retry}>${t('status.retry')}</button>`);
  } else if (s.role === 'owner' && s.checking) {
    // Reads work; a write waits until the stored database has passed its check.
    text = s.waiting || pending ? t('status.checkingWaits') : t('status.checking');
  } else if (s.role === 'owner') {
    text = saved ? t('status.saved') : t('status.saving');
  } else {
    text = t('status.loading');
  }
  return html`<div id="storage" class=${cls} data-role=${s.role} data-saved=${String(saved)}
      data-checking=${String(!!s.checking)} data-waiting=${String(s.waiting || 0)}
      role=${s.saveError || s.role === 'corrupt' ? 'alert' : 'status'}>
    <span class="dot" aria-hidden="true"></span>
    <span id="storage-text">${text}</span>
    ${store.online.value ? null : html`<span id="offline" class="badge warn">${t('status.offline')}</span>`}
    ${buttons}
    <button id="export-db" type="button" class="link" onClick=${actions.backup}>${t('status.backup')}</button>
  </div>`;
}

function Notices({ actions }) {
  const store = useStore();
  const n = store.notice.value;
  const update = store.updateReady.value;
  return html`<div class="notices" aria-live="polite">
    ${update ? html`<div class="notice info" id="update-notice">${t('status.newVersion')}
      <button type="button" onClick=${actions.applyUpdate}>${t('status.reload')}</button></div>` : null}
    ${n ? html`<div class=${`notice ${n.kind}`} role=${n.kind === 'error' ? 'alert' : 'status'} key=${n.at}>
      <span>${n.text}</span>
      <button type="button" class="link" aria-label=${t('common.close')} onClick=${() => { store.notice.value = null; }}>×</button>
    </div>` : null}
  </div>`;
}
