/*
 * The pages, by the first part of the route. Each module exports one page
 * component that gets {route}. The dashboard and the report load on first
 * visit (they bring the chart library), everything else is in the app
 * bundle.
 */
import { TodayPage } from './today.js';
import { CustomersPage } from './customers.js';
import { CustomerPage } from './customer.js';
import { PipelinePage } from './pipeline.js';
import { TicketsPage } from './tickets.js';
import { SettingsPage } from './settings.js';
import { DataPage } from './data.js';
import { WelcomePage } from './welcome.js';

export const PAGES = {
  today: TodayPage,
  customers: (props) => (props.route.parts[1] ? CustomerPage(props) : CustomersPage(props)),
  pipeline: PipelinePage,
  tickets: TicketsPage,
  settings: SettingsPage,
  data: DataPage,
  welcome: WelcomePage,
};

/* Pages loaded on first visit: name → () => import(...) of a module
 * exporting `Page`. */
export const LAZY_PAGES = {
  dashboard: () => import('./dashboard.js'),
  report: () => import('./report.js'),
};
