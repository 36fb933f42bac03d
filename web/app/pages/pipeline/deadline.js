/*
 * How long a deal has been in its stage and whether the stage's deadline
 * is kept. The core may already give these per deal (stage_entered_at,
 * days_in_stage, stage_deadline_at, deadline_state); when a deal lacks
 * them they are worked out here from the stage history (deal_stages) and
 * the pipeline's deadline_days, the same rule: a stage entered on day D
 * (in the workspace's time zone) must be done by the end of day
 * D + deadline_days; "due" on that last day, "late" after it, so a D0
 * stage is due the day it is entered.
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
 * "due" or "late" (null when the stage or its entry time is unknown). */
export function stageFacts(deal, pipeline, enteredAt, tzMinutes = 0, now = Date.now()) {
  if (deal.stage_entered_at !== undefined) {
    return {
      entered_at: deal.stage_entered_at,
      days: deal.days_in_stage ?? null,
      deadline_at: deal.stage_deadline_at ?? null,
      state: normaliseState(deal.deadline_state),
    };
  }
  const entered = (enteredAt && enteredAt.get(deal.id)) || null;
  const stage = pipeline.find((s) => s.name === deal.stage);
  if (!entered) return { entered_at: null, days: null, deadline_at: null, state: null };
  const t0 = Date.parse(entered);
  const days = Math.max(0, Math.floor((now - t0) / DAY));
  if (!stage || stage.deadline_days === null || stage.deadline_days === undefined) {
    return { entered_at: entered, days, deadline_at: null, state: null };
  }
  const tz = tzMinutes * 60000;
  const dayStart = Math.floor((t0 + tz) / DAY) * DAY - tz; // local midnight of the entry day
  const deadline = dayStart + (stage.deadline_days + 1) * DAY; // end of the last day
  let state = 'on_time';
  if (now >= deadline) state = 'late';
  else if (now >= deadline - DAY) state = 'due';
  return { entered_at: entered, days, deadline_at: new Date(deadline).toISOString(), state };
}

/* The core's deadline state under the names the page knows. */
function normaliseState(s) {
  if (!s) return null;
  if (s === 'overdue' || s === 'missed') return 'late';
  if (s === 'ok' || s === 'met' || s === 'ontime') return 'on_time';
  return s;
}
