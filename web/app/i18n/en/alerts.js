/* Churn warnings (ui/churn.js): rule names and the sentence with their numbers. */
export default {
  'churn.rule.no_reply': 'No reply',
  'churn.rule.purchase_gap': 'Purchase gap',
  'churn.rule.activity_drop': 'Activity drop',
  'churn.rule.cadence': 'Not contacted',
  'churn.rule.open_complaint': 'Open complaint',
  'churn.no_reply': 'The last {n} follow-ups got no reply (the first {days} days ago).',
  'churn.purchase_gap': 'No order for {days} days; usually one every {median} days (×{factor}).',
  'churn.activity_drop': 'Activity fell to {recent} from {baseline} in the 28 days before (below {ratio}).',
  'churn.cadence': '{days} days since the last contact; the tier cadence is {cadence} days.',
  'churn.open_complaint': 'A complaint has been open for {hours} hours (limit {limit} hours).',
};
