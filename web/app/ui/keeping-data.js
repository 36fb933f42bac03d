/*
 * "Keeping the data" (Settings and the Data page): whether the browser
 * granted persistent storage, how large the database is and when it was
 * last downloaded as a backup. Without persistent storage the browser may
 * delete the data (Safari does after 7 days without a visit), so the panel
 * says so and asks for a weekly backup.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { useStore } from './context.js';
import { downloadBackup, lastBackup } from './download.js';
import { t, fmt, errorText } from '../i18n/index.js';

/* true / false once the browser answered, null while asking or when the
 * browser has no Storage API. */
function usePersisted() {
  const [persisted, setPersisted] = useState(null);
  useEffect(() => {
    let live = true;
    if (navigator.storage && navigator.storage.persisted) {
      navigator.storage.persisted().then((p) => live && setPersisted(!!p), () => live && setPersisted(false));
    } else {
      setPersisted(false);
    }
    return () => { live = false; };
  }, []);
  return persisted;
}

function size(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024 * 1024) return t('keeping.kib', { n: fmt.number(bytes / 1024, 0) });
  return t('keeping.mib', { n: fmt.number(bytes / (1024 * 1024), 1) });
}

export function KeepingData({ idPrefix = 'keeping' }) {
  const store = useStore();
  store.version.value; // a new backup time after a backup elsewhere
  const persisted = usePersisted();
  const [busy, setBusy] = useState(false);
  const [, setTick] = useState(0);
  const info = store.info.value || {};
  const last = lastBackup();
  const old = !last || Date.now() - Date.parse(last) > 7 * 86400000;

  async function backup() {
    setBusy(true);
    try {
      const n = await downloadBackup(store.client);
      store.say(t('status.backupDone', { kb: (n / 1024).toFixed(0) }));
    } catch (e) {
      store.say(errorText(e), 'error');
    } finally {
      setBusy(false);
      setTick((x) => x + 1);
    }
  }

  const titleId = `${idPrefix}-title`;
  return html`<section class="panel keeping" id=${idPrefix} aria-labelledby=${titleId}>
    <h2 id=${titleId}>${t('keeping.title')}</h2>
    <dl class="facts">
      <div><dt>${t('keeping.persisted')}</dt>
        <dd id=${`${idPrefix}-persisted`} data-persisted=${persisted === null ? '' : String(persisted)}>
          ${persisted === null ? t('common.loading') : persisted
            ? html`<span class="badge ok">${t('keeping.granted')}</span>`
            : html`<span class="badge warn">${t('keeping.notGranted')}</span>`}</dd></div>
      <div><dt>${t('keeping.size')}</dt><dd id=${`${idPrefix}-size`}>${size(info.size_bytes)}</dd></div>
      <div><dt>${t('keeping.lastBackup')}</dt>
        <dd id=${`${idPrefix}-last`} data-last=${last || ''}>${last ? fmt.datetime(last) : t('keeping.never')}</dd></div>
    </dl>
    ${persisted === false ? html`<p class="warn-box" id=${`${idPrefix}-reminder`}>${t('keeping.reminder')}</p>` : null}
    ${persisted && old ? html`<p class="muted">${t('keeping.suggest')}</p>` : null}
    <button type="button" id=${`${idPrefix}-backup`} class=${old ? 'primary' : ''} disabled=${busy} onClick=${backup}>
      ${busy ? t('keeping.backingUp') : t('keeping.backup')}</button>
  </section>`;
}
