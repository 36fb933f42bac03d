/*
 * Settings → Team sync: the shared folder (kept in this browser only),
 * the team key made from the passphrase, sync now or every N minutes,
 * the last sync, the changes not sent yet, the conflicts (with restore)
 * and the exchange of changes files. The work is the worker's
 * (web/worker/sync.js); this section only binds the controls.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, fmt, errorText } from '../../i18n/index.js';
import { syncShown, saveSyncConfig, syncNow, SYNC_EVERY } from '../../team-sync.js';
import { SyncConflicts, SyncFiles } from './team-sync-more.js';

/* sync.status and sync.keyState, read again after every write. */
function useSyncState(store) {
  const [state, setState] = useState({ status: null, statusError: null, key: null });
  const version = store.version.value;
  useEffect(() => {
    let live = true;
    Promise.allSettled([store.read('sync.status'), store.read('sync.keyState')]).then(([s, k]) => {
      if (!live) return;
      setState({ status: s.value || null, statusError: s.reason || null, key: k.value || null });
    });
    return () => { live = false; };
  }, [version]);
  return state;
}

export function TeamSyncSection() {
  const store = useStore();
  const { config, running } = syncShown.value;
  const { status, statusError, key } = useSyncState(store);
  const [folder, setFolder] = useState({ url: config.url, user: config.user, password: config.password });
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const locked = !key || !key.team;

  async function act(name, fn) {
    setBusy(name);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }
  const saveFolder = (e) => {
    e.preventDefault();
    saveSyncConfig({ url: folder.url.trim(), user: folder.user, password: folder.password });
    store.say(t('teamSync.folderSaved'));
  };
  const unlock = (e) => {
    e.preventDefault();
    act('unlock', async () => {
      const { url, user, password } = syncShown.value.config;
      await store.write('sync.unlock', url ? { passphrase, url, user, password } : { passphrase });
      setPassphrase('');
      store.say(t('teamSync.unlocked'));
    });
  };
  const forget = () => act('forget', async () => {
    await store.write('sync.forget');
    store.say(t('teamSync.forgotten'));
  });
  const now = () => act('now', async () => {
    const r = await syncNow(store);
    store.say(t('teamSync.done', { pushed: fmt.number(r.pushed), applied: fmt.number(r.applied) }));
  });
  const input = (k) => (e) => setFolder({ ...folder, [k]: e.currentTarget.value });
  const last = config.last;

  return html`<section class="panel settings-section" id="set-sync" aria-labelledby="set-sync-title">
    <h2 id="set-sync-title">${t('teamSync.title')}</h2>
    <p class="muted">${t('teamSync.intro')}</p>

    <form class="sync-part" id="sync-folder" onSubmit=${saveFolder}>
      <h3>${t('teamSync.folder')}</h3>
      <div class="form-grid">
        <div class="field"><label for="sync-url">${t('teamSync.url')}</label>
          <input id="sync-url" type="url" placeholder="https://dav.example.com/genjin-team/" value=${folder.url} onInput=${input('url')} /></div>
        <div class="field"><label for="sync-user">${t('teamSync.user')}</label>
          <input id="sync-user" autocomplete="off" value=${folder.user} onInput=${input('user')} /></div>
        <div class="field"><label for="sync-password">${t('teamSync.password')}</label>
          <input id="sync-password" type="password" autocomplete="new-password" value=${folder.password} onInput=${input('password')} /></div>
      </div>
      <p class="muted">${t('teamSync.keptHere')}</p>
      <div class="form-actions"><button type="submit" id="sync-folder-save">${t('teamSync.saveFolder')}</button></div>
    </form>

    <form class="sync-part" id="sync-key" onSubmit=${unlock}>
      <h3>${t('teamSync.key')}</h3>
      <p id="sync-key-state" data-team=${key && key.team ? key.team : ''}>
        ${locked ? html`<span class="badge warn">${t('teamSync.keyNone')}</span>`
          : html`<span class="badge ok">${t('teamSync.keySet', { team: key.team.slice(0, 8) })}</span>`}</p>
      <div class="form-grid">
        <div class="field"><label for="sync-passphrase">${t('teamSync.passphrase')}</label>
          <input id="sync-passphrase" type="password" autocomplete="off" minlength="8" value=${passphrase}
            onInput=${(e) => setPassphrase(e.currentTarget.value)} /></div>
      </div>
      <p class="muted">${t('teamSync.passphraseHint')}</p>
      <div class="form-actions">
        <button type="submit" id="sync-unlock" disabled=${!!busy || !passphrase || store.readonly.value}>
          ${busy === 'unlock' ? t('teamSync.unlocking') : t('teamSync.unlock')}</button>
        ${locked ? null : html`<button type="button" id="sync-forget" disabled=${!!busy} onClick=${forget}>${t('teamSync.forget')}</button>`}
      </div>
    </form>

    <div class="sync-part" id="sync-state">
    <h3>${t('teamSync.statusTitle')}</h3>
    <dl class="facts">
      <div><dt>${t('teamSync.last')}</dt><dd id="sync-last" data-ok=${last ? String(last.ok) : ''} data-at=${last ? String(last.at) : ''}>
        ${!last ? t('teamSync.never') : html`${fmt.datetime(new Date(last.at).toISOString())} · ${last.ok
          ? t('teamSync.result', { pushed: fmt.number(last.pushed), applied: fmt.number(last.applied) })
          : errorText(last.error)}`}</dd></div>
      <div><dt>${t('teamSync.pending')}</dt><dd id="sync-pending">${status ? fmt.number(status.pending) : '—'}</dd></div>
      <div><dt>${t('teamSync.device')}</dt><dd id="sync-device">${status ? status.device : '—'}</dd></div>
    </dl>
    ${statusError ? html`<p class="warn-box" id="sync-status-error">${errorText(statusError)}</p>` : null}
    ${last && last.ok && last.refused && last.refused.length ? html`<div class="warn-box" id="sync-refused">
      <p>${t('teamSync.refused')}</p><ul>${last.refused.map((r) => html`<li key=${r.file}>${errorText(r)}</li>`)}</ul></div>` : null}
    <div class="form-actions">
      <button type="button" class="primary" id="sync-now" disabled=${running || !!busy || locked || !config.url || store.readonly.value}
        onClick=${now}>${running ? t('teamSync.running') : t('teamSync.now')}</button>
      <label class="inline" for="sync-every">${t('teamSync.every')}</label>
      <select id="sync-every" value=${config.every} onChange=${(e) => saveSyncConfig({ every: Number(e.currentTarget.value) })}>
        ${SYNC_EVERY.map((n) => html`<option value=${n} selected=${n === config.every}>${n ? t('teamSync.minutes', { n }) : t('teamSync.off')}</option>`)}
      </select>
    </div>
    ${error ? html`<p class="form-error" role="alert" id="sync-error">${error}</p>` : null}
    </div>

    <${SyncConflicts} />
    <${SyncFiles} locked=${locked} />
  </section>`;
}
