/* Why a due item is due, in a sentence (Today's rows and notifications). */
import { t, fmt, stageLabel } from '../../i18n/index.js';

/* `settings` gives the tier cadences. */
export function whyText(item, settings) {
  const cadence = settings ? settings[`cadence_${String(item.tier || 'C').toLowerCase()}_days`] : null;
  const p = {
    date: fmt.date(item.due_at), since: fmt.date(item.since), tier: item.tier || 'C', days: cadence,
    stage: item.stage ? stageLabel(item.stage) : '',
  };
  if (item.group === 'no_next_step' || !item.reason) return t('today.why.no_next_step', p);
  return t(`today.why.${item.reason}`, p);
}

