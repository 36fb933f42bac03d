/*
 * Pipeline (商机): the open deals as a kanban by stage, with the deals won
 * and lost in the last 30 days beside them. A deal moves by drag-and-drop,
 * by Alt+←/→ on its focused card or through its "Move to…" list; the move
 * is one deals.update, the card says "Saving…" in its new place until the
 * write is durable, and a refused move puts the card back and says why.
 * Losing a deal asks for the reason. The owner filter starts at "I am …".
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../ui/html.js';
import { useStore, useQuery } from '../ui/context.js';
import { useCustomerNames } from '../ui/customer-picker.js';
import { navigate } from '../router.js';
import { t, errorText, stageLabel, localToday } from '../i18n/index.js';
import { Column, dealTitle } from './pipeline/board.js';
import { LostDialog, NewDealDialog } from './pipeline/dialogs.js';
import { needsHistory, enteredAtFromHistory, stageFacts } from './pipeline/deadline.js';

const CLOSED_DAYS = 30;
const MAX_DEALS = 5000;
const COLUMN_CARDS = 50; // cards a column shows before "Show more"
const NO_FACTS = { entered_at: null, days: null, deadline_at: null, state: null };

export function PipelinePage({ route }) {
  const store = useStore();
  const pipeline = (store.settings.value && store.settings.value.pipeline) || [];
  const owner = ownerOf(route, store);
  const ownerFilter = owner === 'all' ? {} : { owner_id: owner };
  const since = localToday(-CLOSED_DAYS);
  const open = useQuery('deals.list', { filter: { ...ownerFilter, status: 'open' }, sort: '-amount', limit: MAX_DEALS });
  const won = useQuery('deals.list', { filter: { ...ownerFilter, status: 'won', closed_at: { gte: since } }, sort: '-closed_at', limit: MAX_DEALS });
  const lost = useQuery('deals.list', { filter: { ...ownerFilter, status: 'lost', closed_at: { gte: since } }, sort: '-closed_at', limit: MAX_DEALS });
  const openDeals = (open.data && open.data.items) || [];
  const history = useHistory(openDeals);

  const [moves, setMoves] = useState(() => new Map()); // deal id → {target, saving}
  const [openMenu, setOpenMenu] = useState(null);
  const [losing, setLosing] = useState(null);
  const [creating, setCreating] = useState(false);
  const [live, setLive] = useState('');
  const [focusId, setFocusId] = useState(null);

  const [limits, setLimits] = useState({}); // column → how many cards it shows
  const all = [...openDeals, ...((won.data && won.data.items) || []), ...((lost.data && lost.data.items) || [])];
  const byId = new Map(all.map((d) => [d.id, d]));
  const placed = place(all, moves, pipeline);
  const shownIn = (key) => placed.get(key).slice(0, limits[key] || COLUMN_CARDS);
  const names = useCustomerNames([...placed.keys()].flatMap((key) => shownIn(key).map((d) => d.customer_id)));

  // A finished move is forgotten once the lists show the deal where it went.
  useEffect(() => {
    let changed = false;
    const next = new Map(moves);
    for (const [id, m] of moves) {
      if (!m.saving && shows(byId.get(id), m.target)) { next.delete(id); changed = true; }
    }
    if (changed) setMoves(next);
  }, [open.data, won.data, lost.data]);

  // A card moved from the keyboard is a new element in its new column (or
  // back in its old one): the focus follows it, once.
  useEffect(() => {
    if (focusId === null) return;
    const el = document.getElementById(`deal-${focusId}`);
    if (el) el.focus();
    setFocusId(null);
  }, [focusId, moves]);

  // An open "Move to…" list closes on a click anywhere outside its card.
  useEffect(() => {
    if (openMenu === null) return undefined;
    const away = (e) => { if (!e.target.closest || !e.target.closest(`#deal-${openMenu}`)) setOpenMenu(null); };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [openMenu]);

  const setMove = (id, m) => setMoves((old) => {
    const next = new Map(old);
    if (m) next.set(id, m); else next.delete(id);
    return next;
  });

  /* Sends one move; resolves to null when durable or to the error text. */
  async function move(id, target) {
    const deal = byId.get(id);
    if (!deal || store.readonly.value) return null;
    if (target.status === 'lost' && !target.lost_reason) { setLosing(deal); return null; }
    const title = dealTitle(deal);
    const where = target.stage ? stageLabel(target.stage) : t(`choice.status.${target.status}`);
    const hadFocus = !!(document.activeElement && document.activeElement.closest && document.activeElement.closest(`#deal-${id}`));
    setMove(id, { target, saving: true });
    if (hadFocus) setFocusId(id);
    setLive(t('pipeline.moving', { title, stage: where }));
    try {
      await store.write('deals.update', { id, ...target });
      setMove(id, { target, saving: false });
      setLive(t('pipeline.moved', { title, stage: where }));
      return null;
    } catch (e) {
      // A storage failure is not a refusal: the core made the move, the
      // board re-reads (store.write) and keeps the card there, and the
      // status bar offers Retry. A refusal puts the card back.
      const unsaved = e.code === 'io';
      setMove(id, unsaved ? { target, saving: false } : null);
      if (hadFocus) setFocusId(id);
      const text = unsaved ? t('pipeline.notSaved', { title }) : t('pipeline.refused', { title, error: moveError(e) });
      setLive(text);
      store.say(text, 'error');
      return unsaved ? null : moveError(e);
    }
  }

  const tz = (store.settings.value && store.settings.value.tz_offset_minutes) || 0;
  /* The props of column `key`: its cards up to its limit, count and sum of all. */
  const column = (key) => {
    const deals = placed.get(key);
    const cards = shownIn(key).map((deal) => {
      // A card on its way has no deadline yet: the old stage's would mislead.
      const m = moves.get(deal.id);
      const facts = m ? NO_FACTS : stageFacts(deal, pipeline, history, tz);
      return { deal, saving: !!(m && m.saving), customer: names.get(deal.customer_id) || null, facts };
    });
    return {
      cards, count: deals.length, sum: deals.reduce((a, d) => a + (Number(d.amount) || 0), 0),
      onMore: () => setLimits((old) => ({ ...old, [key]: (old[key] || COLUMN_CARDS) + COLUMN_CARDS })),
    };
  };
  const readonly = store.readonly.value;
  const error = open.error || won.error || lost.error;
  const common = { stages: pipeline, onMove: move, readonly, openMenu, setOpenMenu };

  return html`<section class="pipeline">
    <div class="page-head">
      <h1>${t('pipeline.title')}</h1>
      <div class="field inline">
        <label for="pipeline-owner">${t('pipeline.owner')}</label>
        <select id="pipeline-owner" value=${String(owner)}
          onChange=${(e) => navigate('/pipeline', { owner: e.currentTarget.value }, { replace: true })}>
          <option value="all" selected=${owner === 'all'}>${t('pipeline.everyone')}</option>
          ${store.reps.value.map((r) => html`<option value=${r.id} selected=${owner === r.id}>${r.name}</option>`)}
        </select>
      </div>
      <button type="button" class="primary" id="new-deal" disabled=${readonly} onClick=${() => setCreating(true)}>${t('pipeline.newDeal')}</button>
    </div>
    <p id="pipeline-keys" class="muted keys-hint">${t('pipeline.keysHint')}</p>
    <p class="sr-only" aria-live="polite" id="pipeline-live">${live}</p>
    ${error ? html`<p class="form-error" role="alert">${errorText(error, 'deals')}</p>` : null}
    ${open.data && open.data.total > MAX_DEALS ? html`<p class="warn-box">${t('pipeline.tooMany', { n: MAX_DEALS })}</p>` : null}
    <div class="board" aria-busy=${open.loading && !open.data ? 'true' : undefined}>
      ${pipeline.map((s) => html`<${Column} key=${s.name} id=${`stage-${pipeline.indexOf(s)}`} title=${stageLabel(s.name)}
        ...${column(s.name)} target=${{ stage: s.name }} ...${common} />`)}
      <${Column} id="won" title=${t('pipeline.won')} ...${column('won')} target=${{ status: 'won' }} closed ...${common} />
      <${Column} id="lost" title=${t('pipeline.lost')} ...${column('lost')} target=${{ status: 'lost' }} closed ...${common} />
    </div>
    ${losing ? html`<${LostDialog} deal=${losing} onClose=${() => setLosing(null)}
      onSubmit=${(reason) => move(losing.id, { status: 'lost', lost_reason: reason })} />` : null}
    ${creating ? html`<${NewDealDialog} onClose=${() => setCreating(false)}
      onSaved=${(d) => { setCreating(false); store.say(t('pipeline.created', { title: dealTitle(d) })); }} />` : null}
  </section>`;
}

/* Column → the deals it shows now: the open ones by stage (or where a
 * move is taking them; a stage no longer in the pipeline goes to the
 * first), the closed ones under "won" / "lost". */
function place(deals, moves, pipeline) {
  const out = new Map([...pipeline.map((s) => [s.name, []]), ['won', []], ['lost', []]]);
  const first = pipeline.length ? pipeline[0].name : null;
  for (const d of deals) {
    const m = moves.get(d.id);
    const shown = m ? { ...d, ...m.target, status: m.target.status || d.status } : d;
    const key = shown.status === 'open' ? (out.has(shown.stage) ? shown.stage : first) : shown.status;
    if (out.has(key) && key !== null) out.get(key).push(shown);
  }
  return out;
}

/* The owner filter: ?owner=all|<rep id>, else "I am …", else everyone. */
function ownerOf(route, store) {
  const q = route.query.owner;
  if (q === 'all') return 'all';
  if (q && Number(q)) return Number(q);
  return store.me.value || 'all';
}

/* deal id → when it entered its stage, from the stage history, read only
 * when the deals do not carry it themselves. */
function useHistory(deals) {
  const need = deals.length > 0 && needsHistory(deals);
  const oldest = need ? deals.reduce((a, d) => (d.created_at < a ? d.created_at : a), deals[0].created_at) : null;
  const q = useQuery(need ? 'deal_stages.list' : null, { filter: { entered_at: { gte: oldest } }, sort: 'id', limit: 100000 });
  return need && q.data ? enteredAtFromHistory(deals, q.data.items) : null;
}

/* Whether `deal` (as the lists now hold it) is where `target` took it. */
function shows(deal, target) {
  if (!deal) return target.status === 'won' || target.status === 'lost' ? false : true;
  if (target.stage) return deal.stage === target.stage && deal.status === 'open';
  return deal.status === target.status;
}

/* A refused move in the user's language: a deal gone from under the card
 * is said as such; otherwise by the core's reason key when it gives one,
 * else by what was refused. */
function moveError(e) {
  if (e.code === 'not_found') return t('pipeline.error.gone');
  if (e.reason) return errorText(e, 'deals');
  if (e.field === 'stage') return t('pipeline.error.stage');
  if (e.code === 'readonly') return t('error.code.readonly');
  return errorText(e, 'deals');
}
