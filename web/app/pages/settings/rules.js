/*
 * The rules the metrics follow: tier cadences, the activity score, the
 * rep scorecard weights, the churn rules with their parameters, and the
 * shared pool and service times when the core has them. Each is its own
 * section with its own Save button.
 */
import { html } from '../../ui/html.js';
import { t } from '../../i18n/index.js';
import { SettingsForm } from './form.js';

const days = (key, min = 0) => ({ key, type: 'int', min, unit: 'days' });

const CADENCE = [days('cadence_a_days', 1), days('cadence_b_days', 1), days('cadence_c_days', 1), days('grace_days')];
const ACTIVITY = [
  { key: 'active_threshold', type: 'number', min: 0 },
  { key: 'activity_weights.login', type: 'number', min: 0 },
  { key: 'activity_weights.feature_use', type: 'number', min: 0 },
  { key: 'activity_weights.interaction', type: 'number', min: 0 },
  days('churn_window_days', 1),
];
const SCORECARD = ['weight_behaviour', 'weight_process', 'weight_result', 'weight_collaboration']
  .map((key) => ({ key, type: 'number', min: 0, unit: 'percent' }));
/* Each rule beside its parameter (two columns, settings.css). */
const CHURN = [
  { key: 'rule_no_reply', type: 'bool' }, { key: 'rule_no_reply_n', type: 'int', min: 1 },
  { key: 'rule_purchase_gap', type: 'bool' }, { key: 'rule_purchase_gap_factor', type: 'number', min: 1, step: 0.1 },
  { key: 'rule_activity_drop', type: 'bool' }, { key: 'rule_activity_drop_ratio', type: 'number', min: 0, max: 1, step: 0.05 },
  { key: 'rule_open_complaint', type: 'bool' }, { key: 'rule_open_complaint_hours', type: 'int', min: 1, unit: 'hours' },
  { key: 'rule_cadence', type: 'bool' },
];
const POOL = [days('pool_days')];
const SLA = [{ key: 'sla_first_response_hours', type: 'number', min: 0, unit: 'hours' },
  { key: 'sla_resolution_hours', type: 'number', min: 0, unit: 'hours' }];

export function RulesSections() {
  return html`
    <${SettingsForm} id="set-cadence" title=${t('settings.cadence')} intro=${t('settings.cadenceIntro')} fields=${CADENCE} />
    <${SettingsForm} id="set-activity" title=${t('settings.activity')} intro=${t('settings.activityIntro')} fields=${ACTIVITY} />
    <${SettingsForm} id="set-scorecard" title=${t('settings.scorecard')} intro=${t('settings.scorecardIntro')} fields=${SCORECARD} />
    <${SettingsForm} id="set-churn" title=${t('settings.churn')} intro=${t('settings.churnIntro')} fields=${CHURN} />
    <${SettingsForm} id="set-pool" title=${t('settings.pool')} intro=${t('settings.poolIntro')} fields=${POOL} />
    <${SettingsForm} id="set-sla" title=${t('settings.sla')} intro=${t('settings.slaIntro')} fields=${SLA} />`;
}
