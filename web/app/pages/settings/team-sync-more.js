/*
 * The lower half of Settings → Team sync: the conflicts the merge
 * decided (the value not kept, restorable) and the exchange of changes
 * files for a team without a shared folder.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t, fmt, has, fieldLabel, errorText } from '../../i18n/index.js';
import { saveFile } from '../../ui/download.js';

/* {field: value} as "Label: value; …" in the page's words. */
function fieldsText(entity, values) {
  return Object.entries(values || {}).map(([f, v]) => `${fieldLabel(entity, f)}: ${v === null ? '—' : String(v)}`).join('; ');
}

/* A delete that lost to a later edit: its losing side is the record's
 * key alone, as null (docs/sync.md, "Convergence"). */
const lostDelete = (c) => {
  const keys = Object.keys(c.losing || {});
  return keys.length === 1 && c.losing[keys[0]] === null && c.winning && c.winning[keys[0]] !== null;
};

/* The customers a page of conflicts is about, by id: a user knows a
 * customer by name, not by a sync id of 15 digits. A customer that is
 * gone (a lost edit against a delete) keeps its id alone. */
async function customerNames(store, conflicts) {
  const ids = [...new Set(conflicts.filter((c) => c.entity === 'customers').map((c) => c.entity_id))];
  const named = await Promise.all(ids.map((id) => store.read('customers.get', { id }).then((c) => [id, c.name], () => [id, null])));
  return new Map(named.filter(([, name]) => name !== null));
}

function RecordCell({ c, names }) {
  const kind = has(`entity.${c.entity}`) ? t(`entity.${c.entity}`) : c.entity;
  const name = c.entity === 'customers' ? names.get(c.entity_id) : undefined;
  if (name === undefined) return html`${kind} #${c.entity_id}`;
  return html`${kind} <a href=${`#/customers/${c.entity_id}`}>${name}</a>`;
}

export function SyncConflicts() {
  const store = useStore();
  const [list, setList] = useState(null);
  const [names, setNames] = useState(new Map());
  const [busy, setBusy] = useState(null);
  const version = store.version.value;
  useEffect(() => {
    let live = true;
    store.read('sync.conflicts', { limit: 100 }).then(async (r) => {
      const found = await customerNames(store, r.conflicts);
      if (live) { setNames(found); setList(r); }
    }).catch(() => live && setList(null));
    return () => { live = false; };
  }, [version]);

  async function restore(c) {
    setBusy(c.id);
    try {
      await store.write('sync.restore', { id: c.id });
      store.say(t('teamSync.restoredNotice'));
    } catch (e) {
      store.say(errorText(e, c.entity), 'error');
    } finally {
      setBusy(null);
    }
  }

  const rows = list ? list.conflicts : [];
  return html`<div class="sync-part" id="sync-conflicts">
    <h3>${t('teamSync.conflicts')}${list ? ` (${fmt.number(list.total)})` : ''}</h3>
    <p class="muted">${t('teamSync.conflictsIntro')}</p>
    ${rows.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-label=${t('teamSync.conflicts')}><table class="data">
      <thead><tr>
        <th scope="col">${t('teamSync.conflictAt')}</th><th scope="col">${t('teamSync.conflictRecord')}</th>
        <th scope="col">${t('teamSync.losing')}</th><th scope="col">${t('teamSync.winning')}</th>
        <th scope="col"><span class="sr-only">${t('common.actions')}</span></th>
      </tr></thead>
      <tbody>${rows.map((c) => html`<tr key=${c.id} data-conflict=${c.id}>
        <td>${fmt.datetime(c.at)}</td>
        <td><${RecordCell} c=${c} names=${names} /></td>
        <td>${lostDelete(c) ? t('teamSync.deleted') : fieldsText(c.entity, c.losing)}</td>
        <td>${lostDelete(c) ? t('teamSync.keptEdited') : fieldsText(c.entity, c.winning)}</td>
        <td class="row-actions">${c.restored ? html`<span class="badge">${t('teamSync.restored')}</span>`
          : html`<button type="button" class="small" disabled=${busy === c.id || store.readonly.value}
              onClick=${() => restore(c)}>${t('teamSync.restore')}</button>`}</td>
      </tr>`)}</tbody></table></div>` : html`<p class="empty">${t('teamSync.noConflicts')}</p>`}
  </div>`;
}

export function SyncFiles({ locked }) {
  const store = useStore();
  const [since, setSince] = useState('0');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState(null);

  async function run(fn) {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      store.say(errorText(e), 'error');
    } finally {
      setBusy(false);
    }
  }
  const exportChanges = () => run(async () => {
    const n = Number(since) || 0;
    const x = await store.read('sync.exportFile', { since: n });
    if (!x.count) {
      store.say(t('teamSync.nothingToExport', { since: n }));
      return;
    }
    saveFile(new Blob([x.bytes], { type: 'application/octet-stream' }), x.name);
    store.say(t('teamSync.exported', { n: fmt.number(x.count) }));
  });
  const importChanges = () => run(async () => {
    const r = await store.write('sync.importFile', locked ? { file, passphrase } : { file });
    store.say(t('teamSync.imported', { applied: r.applied.length, duplicate: r.duplicate.length, pending: r.pending.length }));
  });

  return html`<div class="sync-part" id="sync-files">
    <h3>${t('teamSync.files')}</h3>
    <p class="muted">${t('teamSync.filesIntro')}</p>
    <div class="form-grid">
      <div class="field"><label for="sync-since">${t('teamSync.since')}</label>
        <input id="sync-since" type="number" min="0" step="1" value=${since} onInput=${(e) => setSince(e.currentTarget.value)} /></div>
      <div class="field"><label for="sync-import-file">${t('teamSync.importFile')}</label>
        <input id="sync-import-file" type="file" accept=".gjc,application/octet-stream"
          onChange=${(e) => setFile(e.currentTarget.files[0] || null)} /></div>
      ${locked ? html`<div class="field"><label for="sync-file-passphrase">${t('teamSync.passphrase')}</label>
        <input id="sync-file-passphrase" type="password" autocomplete="off" value=${passphrase}
          onInput=${(e) => setPassphrase(e.currentTarget.value)} /></div>` : null}
    </div>
    <div class="form-actions">
      <button type="button" id="sync-export" disabled=${busy || locked} onClick=${exportChanges}>${t('teamSync.export')}</button>
      <button type="button" id="sync-import" disabled=${busy || !file || store.readonly.value || (locked && !passphrase)}
        onClick=${importChanges}>${t('teamSync.import')}</button>
    </div>
  </div>`;
}
