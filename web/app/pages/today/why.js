/* Why a due item is due, in a sentence (Today's rows and notifications). */
import { t, fmt, stageLabel, choiceLabel } from '../../i18n/index.js';

/* `settings` gives the tier cadences. */
export function whyText(item, settings) {
  const cadence = settings ? settings[`cadence_${String(item.tier || 'C').toLowerCase()}_days`] : null;
  const p = {
    date: fmt.date(item.due_at), since: fmt.date(item.since), tier: choiceLabel('tier', item.tier || 'C'), days: cadence,
    stage: item.stage ? stageLabel(item.stage) : '',
    deal: item.deal_title || '', dealStage: item.deal_stage ? stageLabel(item.deal_stage) : '',
  };
  if (item.group === 'no_next_step' || !item.reason || item.reason === 'no_next_step') {
    if (item.deal_id) return t('today.why.no_next_step.deal', p);
    return t(item.followup_id ? 'today.why.no_next_step.followup' : 'today.why.no_next_step.new', p);
  }
  if (item.reason === 'stage_deadline' && item.deal_title) return t('today.why.stage_deadline.deal', p);
  return t(`today.why.${item.reason}`, p);
}

