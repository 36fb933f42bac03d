/*
 * The team: every rep with team, role and goals; add one, edit one, or
 * deactivate one who left (kept for the history, gone from pickers).
 * The forms come from schema.describe (RecordForm).
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { RecordForm } from '../../ui/record-form.js';
import { Dialog } from '../../ui/dialog.js';
import { t, fmt, choiceLabel, errorText } from '../../i18n/index.js';

const FIELDS = ['name', 'team', 'role', 'email', 'phone', 'goal_won_amount', 'goal_followups'];

export function RepsSection() {
  const store = useStore();
  const reps = store.reps.value;
  const [editing, setEditing] = useState(null); // a rep, 'new' or null
  const [busy, setBusy] = useState(null);

  async function setActive(rep, active) {
    setBusy(rep.id);
    try {
      await store.write('reps.update', { id: rep.id, active });
      store.say(t(active ? 'settings.repActivated' : 'settings.repDeactivated', { name: rep.name }));
    } catch (e) {
      store.say(errorText(e, 'reps'), 'error');
    } finally {
      setBusy(null);
    }
  }

  return html`<section class="panel settings-section" id="set-reps" aria-labelledby="set-reps-title">
    <div class="section-head">
      <h2 id="set-reps-title">${t('settings.reps')}</h2>
      <button type="button" class="primary" id="rep-add" onClick=${() => setEditing('new')}>${t('settings.repAdd')}</button>
    </div>
    ${reps.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="set-reps-title"><table class="data" id="reps-table">
      <thead><tr>
        <th scope="col">${t('field.reps.name')}</th>
        <th scope="col">${t('field.reps.team')}</th>
        <th scope="col">${t('field.reps.role')}</th>
        <th scope="col" class="num hide-phone">${t('field.reps.goal_won_amount')}</th>
        <th scope="col" class="num hide-phone">${t('field.reps.goal_followups')}</th>
        <th scope="col">${t('field.reps.active')}</th>
        <th scope="col"><span class="sr-only">${t('common.actions')}</span></th>
      </tr></thead>
      <tbody>${reps.map((r) => html`<tr key=${r.id} data-rep=${r.id} class=${r.active === false ? 'inactive' : ''}>
        <td>${r.name}</td>
        <td>${r.team || '—'}</td>
        <td>${choiceLabel('role', r.role) || '—'}</td>
        <td class="num hide-phone">${fmt.money(r.goal_won_amount)}</td>
        <td class="num hide-phone">${fmt.number(r.goal_followups)}</td>
        <td>${r.active === false ? html`<span class="badge">${t('settings.inactive')}</span>` : html`<span class="badge ok">${t('settings.active')}</span>`}</td>
        <td class="row-actions">
          <button type="button" class="small" onClick=${() => setEditing(r)}
            aria-label=${t('settings.repEdit', { name: r.name })}>${t('common.edit')}</button>
          <button type="button" class="small" disabled=${busy === r.id || store.readonly.value}
            onClick=${() => setActive(r, r.active === false)}>${r.active === false ? t('settings.activate') : t('settings.deactivate')}</button>
        </td>
      </tr>`)}</tbody>
    </table></div>` : html`<p class="empty">${t('settings.noReps')}</p>`}
    ${editing ? html`<${Dialog} id="rep-dialog" title=${editing === 'new' ? t('settings.repAdd') : t('settings.repEdit', { name: editing.name })}
        onClose=${() => setEditing(null)}>
      <${RecordForm} entity="reps" fields=${FIELDS} record=${editing === 'new' ? null : editing} idPrefix="rep"
        defaults=${{ role: 'sales' }} onCancel=${() => setEditing(null)}
        onSaved=${(rep) => { setEditing(null); store.say(t('settings.repSaved', { name: rep.name })); }} />
    </${Dialog}>` : null}
  </section>`;
}
