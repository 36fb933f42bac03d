/* This locale's catalogue: common strings and one file per page. */
import common from './common.js';
import welcome from './welcome.js';
import today from './today.js';
import customers from './customers.js';
import customer from './customer.js';
import followup from './followup.js';
import alerts from './alerts.js';
import pipeline from './pipeline.js';
import tickets from './tickets.js';
import settings from './settings.js';
import data from './data.js';
import keeping from './keeping.js';
import dashboard from './dashboard.js';
import report from './report.js';
import sync from './sync.js';

export default {
  ...common,
  ...welcome,
  ...today,
  ...customers,
  ...customer,
  ...followup,
  ...alerts,
  ...pipeline,
  ...tickets,
  ...settings,
  ...data,
  ...keeping,
  ...dashboard,
  ...report,
  ...sync,
};
