/*
 * Whose numbers: the team and rep pickers of the dashboard and the weekly
 * report. A team keeps the records of its reps (the metrics' `team`, a
 * reps.team name); with a team chosen the rep picker lists only its reps,
 * and choosing another team drops a rep who is not in it.
 */
import { html } from '../../ui/html.js';
import { useStore } from '../../ui/context.js';
import { t } from '../../i18n/index.js';

/* props: view ({rep, team}), set(change), ids ({team, rep}: the selects' ids) */
export function WhoPickers({ view, set, ids }) {
  const store = useStore();
  const teams = store.teams.value;
  /* a team in the address that no rep has still shows (the page says why it has no numbers) */
  const listed = view.team && !teams.includes(view.team) ? [...teams, view.team] : teams;
  const reps = view.team ? store.reps.value.filter((r) => r.team === view.team) : store.reps.value;
  const pickTeam = (team) => {
    const inTeam = !team || (store.repById.value.get(view.rep) || {}).team === team;
    set({ team: team || null, rep: inTeam ? view.rep : null });
  };
  return html`${listed.length ? html`<label>${t('dash.team')}
      <select id=${ids.team} value=${view.team || ''} onChange=${(e) => pickTeam(e.currentTarget.value)}>
        <option value="">${t('dash.allTeams')}</option>
        ${listed.map((x) => html`<option value=${x} selected=${view.team === x}>${x}</option>`)}
      </select></label>` : null}
    <label>${t('dash.by.rep')}
      <select id=${ids.rep} value=${view.rep || ''} onChange=${(e) => set({ rep: Number(e.currentTarget.value) || null })}>
        <option value="">${t('common.all')}</option>
        ${reps.map((r) => html`<option value=${r.id} selected=${view.rep === r.id}>${r.name}</option>`)}
      </select></label>`;
}
