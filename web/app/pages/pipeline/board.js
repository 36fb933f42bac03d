/*
 * The kanban's parts: a column per stage (and the won / lost columns) and
 * a card per deal. They only render and bind events: a drop, Alt+←/→ on a
 * focused card or a choice in its "Move to…" list calls onMove(deal,
 * target) with target {stage} or {status: "won"|"lost"}.
 */
import { useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { t, fmt, stageLabel } from '../../i18n/index.js';

const BADGE = { on_time: 'ok', due: 'warn', late: 'bad' };

/*
 * props: id, title, cards [{deal, facts, saving, customer}] (those shown),
 * count and sum (of all the column's deals), onMore (shows more cards),
 * target (what a drop here means), stages, onMove, readonly, openMenu /
 * setOpenMenu (the deal id whose "Move to…" list is open), closed
 * (won/lost column).
 */
export function Column({ id, title, cards, count, sum, onMore, target, stages, onMove, readonly, openMenu, setOpenMenu, closed }) {
  const [over, setOver] = useState(false);
  const headId = `col-${id}-title`;
  const drop = (e) => {
    e.preventDefault();
    setOver(false);
    const dealId = Number(e.dataTransfer.getData('text/plain'));
    // A card dropped back into its own column stays where it was.
    if (dealId && !cards.some((c) => c.deal.id === dealId)) onMove(dealId, target);
  };
  return html`<section class=${`column ${over ? 'over' : ''} ${closed ? `closed ${id}` : ''}`} id=${`col-${id}`}
      data-stage=${target.stage || target.status} aria-labelledby=${headId}
      onDragOver=${readonly ? undefined : (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; if (!over) setOver(true); }}
      onDragLeave=${(e) => { if (!e.currentTarget.contains(e.relatedTarget)) setOver(false); }}
      onDrop=${readonly ? undefined : drop}>
    <header class="column-head">
      <h2 id=${headId}>${title}</h2>
      <p class="column-sum"><span class="count" data-count>${t('pipeline.count', { n: fmt.number(count) })}</span>
        <span class="sum" data-sum>${fmt.money(sum)}</span></p>
      ${closed ? html`<p class="muted column-note">${t('pipeline.closedNote')}</p>` : null}
    </header>
    <ul class="cards" aria-labelledby=${headId}>
      ${cards.map((c) => html`<${Card} key=${c.deal.id} ...${c} stages=${stages} onMove=${onMove} readonly=${readonly}
        menuOpen=${openMenu === c.deal.id} setOpenMenu=${setOpenMenu} closed=${closed} />`)}
    </ul>
    ${count > cards.length ? html`<button type="button" class="link more" onClick=${onMore}>
      ${t('pipeline.showMore', { n: fmt.number(count - cards.length) })}</button>` : null}
    ${count ? null : html`<p class="column-empty muted">${t('pipeline.emptyColumn')}</p>`}
  </section>`;
}

/* What a deal is called on its card and in announcements. */
export function dealTitle(deal) {
  return deal.title || deal.product || t('pipeline.untitled', { id: deal.id });
}

function Card({ deal, facts, saving, customer, stages, onMove, readonly, menuOpen, setOpenMenu, closed }) {
  const idx = stages.findIndex((s) => s.name === deal.stage);
  const movable = !readonly && !closed && !saving;
  const keydown = (e) => {
    if (!movable || !e.altKey || e.target !== e.currentTarget) return;
    const next = e.key === 'ArrowRight' ? idx + 1 : e.key === 'ArrowLeft' ? idx - 1 : -1;
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    if (next >= 0 && next < stages.length) onMove(deal.id, { stage: stages[next].name });
  };
  const title = dealTitle(deal);
  const menuId = `deal-${deal.id}-moves`;
  return html`<li class=${`deal-card ${saving ? 'saving' : ''}`} id=${`deal-${deal.id}`} data-deal-id=${deal.id}
      tabindex="0" draggable=${movable ? 'true' : 'false'} aria-label=${title}
      aria-describedby=${closed ? undefined : 'pipeline-keys'} aria-busy=${saving ? 'true' : undefined}
      onDragStart=${(e) => { e.dataTransfer.setData('text/plain', String(deal.id)); e.dataTransfer.effectAllowed = 'move'; }}
      onKeyDown=${keydown}>
    <p class="deal-title">${title}</p>
    <p class="deal-meta">
      ${customer ? html`<a href=${`#/customers/${deal.customer_id}`}>${customer}</a>` : null}
      <span class="deal-amount">${fmt.money(deal.amount)}</span>
    </p>
    ${closed ? html`<p class="deal-facts muted">${fmt.date(deal.closed_at)}${deal.lost_reason ? html` · <span class="lost-reason">${deal.lost_reason}</span>` : null}</p>`
      : html`<p class="deal-facts">
        ${facts.state ? html`<span class=${`badge ${BADGE[facts.state] || ''}`} data-deadline=${facts.state}
          title=${facts.deadline_at ? t('pipeline.deadlineAt', { date: fmt.date(facts.deadline_at) }) : undefined}>${t(`pipeline.deadline.${facts.state}`)}</span>` : null}
        ${facts.days !== null ? html`<span class="muted days">${t('pipeline.daysInStage', { n: fmt.number(facts.days) })}</span>` : null}
      </p>`}
    ${saving ? html`<p class="deal-saving">${t('common.saving')}</p>` : null}
    ${movable ? html`<div class="deal-actions" onKeyDown=${(e) => {
      if (e.key !== 'Escape' || !menuOpen) return;
      e.stopPropagation();
      setOpenMenu(null);
      document.getElementById(`deal-${deal.id}-move`).focus();
    }}>
      <button type="button" class="small" aria-expanded=${menuOpen ? 'true' : 'false'} aria-controls=${menuId}
        id=${`deal-${deal.id}-move`} aria-label=${t('pipeline.moveLabel', { title })}
        onClick=${() => setOpenMenu(menuOpen ? null : deal.id)}>${t('pipeline.moveTo')}</button>
      ${menuOpen ? html`<ul class="move-menu" id=${menuId}>
        ${stages.filter((s) => s.name !== deal.stage).map((s) => html`<li key=${s.name}><button type="button" class="link"
          onClick=${() => { setOpenMenu(null); onMove(deal.id, { stage: s.name }); }}>${stageLabel(s.name)}</button></li>`)}
        <li><button type="button" class="link won" onClick=${() => { setOpenMenu(null); onMove(deal.id, { status: 'won' }); }}>${t('pipeline.markWon')}</button></li>
        <li><button type="button" class="link lost" onClick=${() => { setOpenMenu(null); onMove(deal.id, { status: 'lost' }); }}>${t('pipeline.markLost')}</button></li>
      </ul>` : null}
    </div>` : null}
  </li>`;
}
