/*
 * How long a deal has been in its stage and whether its stage deadline is
 * kept. deals.list gives these per deal (stage_entered_at, days_in_stage,
 * stage_deadline_at, deadline_state); a core without them leaves them
 * out, and then they are worked out here from the stage history
 * (deal_stages) by the same rule as the stage-deadline metric: each
 * stage's deadline_days count from the entry into the stage before it, so
 * a deal in a stage must reach the next one within the next stage's
 * deadline_days (the last stage has no deadline). "due" when the deadline
 * falls on today (the workspace's local day), "late" when it fell on an
 * earlier day.
 */
const DAY = 86400000;

/* Whether the deals need the stage history to be shown (no core fields). */
export function needsHistory(deals) {
  return deals.some((d) => d.stage_entered_at === undefined);
}

/* deal id → when it entered its current stage (ISO), from deal_stages
 * rows (any order); the latest entry into the deal's current stage wins. */
export function enteredAtFromHistory(deals, history) {
  const stageOf = new Map(deals.map((d) => [d.id, d.stage]));
  const out = new Map();
  for (const h of history) {
    if (stageOf.get(h.deal_id) !== h.stage) continue;
    const old = out.get(h.deal_id);
    if (!old || Date.parse(h.entered_at) > Date.parse(old)) out.set(h.deal_id, h.entered_at);
  }
  return out;
}

/* {entered_at, days, deadline_at, state} of a deal; state is "on_time",
 * "due", "late" or null (no deadline, or the entry time is unknown). */
export function stageFacts(deal, pipeline, enteredAt, tzMinutes = 0, now = Date.now()) {
  if (deal.stage_entered_at !== undefined) {
    return {
      entered_at: deal.stage_entered_at,
      days: deal.days_in_stage ?? null,
      deadline_at: deal.stage_deadline_at ?? null,
      state: deal.deadline_state || null,
    };
  }
  const entered = (enteredAt && enteredAt.get(deal.id)) || deal.created_at || null;
  if (!entered) return { entered_at: null, days: null, deadline_at: null, state: null };
  const t0 = Date.parse(entered);
  const days = Math.max(0, Math.floor((now - t0) / DAY));
  const idx = pipeline.findIndex((s) => s.name === deal.stage);
  const next = idx >= 0 ? pipeline[idx + 1] : null;
  if (!next || next.deadline_days === null || next.deadline_days === undefined) {
    return { entered_at: entered, days, deadline_at: null, state: null };
  }
  const deadline = t0 + next.deadline_days * DAY;
  const localDay = (ms) => Math.floor((ms + tzMinutes * 60000) / DAY);
  const diff = localDay(deadline) - localDay(now);
  const state = diff < 0 ? 'late' : diff === 0 ? 'due' : 'on_time';
  return { entered_at: entered, days, deadline_at: new Date(deadline).toISOString(), state };
}
