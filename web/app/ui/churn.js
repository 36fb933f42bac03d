/* A customer's churn warnings (alerts.churn) as sentences with the numbers
 * that made each rule fire; shown on Today and on the customer's page. */
import { html } from './html.js';
import { t, fmt } from '../i18n/index.js';

/* The sentence for one warning {rule, ...numbers}. */
export function churnText(w) {
  const n = (v, d = 0) => fmt.number(v, d);
  switch (w.rule) {
    case 'no_reply': return t('churn.no_reply', { n: n(w.unanswered), days: n(w.days_since_first) });
    case 'purchase_gap': return t('churn.purchase_gap', { days: n(w.days_since_last_order), median: n(w.median_gap_days), factor: n(w.factor, 1) });
    case 'activity_drop': return t('churn.activity_drop', { recent: n(w.recent_score), baseline: n(w.baseline_score), ratio: fmt.percent(w.ratio, 0) });
    case 'cadence': return t('churn.cadence', { days: n(w.days_since_contact), cadence: n(w.cadence_days) });
    case 'open_complaint': return t('churn.open_complaint', { hours: n(w.open_hours), limit: n(w.limit_hours) });
    default: return w.rule;
  }
}

export function ChurnReasons({ warnings }) {
  return html`<ul class="churn-reasons">
    ${warnings.map((w) => html`<li key=${w.rule} data-rule=${w.rule}>
      <span class="badge bad">${t(`churn.rule.${w.rule}`)}</span> ${churnText(w)}</li>`)}
  </ul>`;
}
