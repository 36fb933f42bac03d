export default {
  'welcome.title': 'Welcome to Genjin',
  'welcome.lead': 'Record customers, follow-ups, deals, tickets, surveys and orders, and see whether your follow-up work works. No install, works offline, and your data stays in your browser.',
  'welcome.point.today': 'Today: overdue, due today and this week, one click to log the follow-up.',
  'welcome.point.metrics': 'The five core metrics — activity, conversion, satisfaction, response speed, repurchase — plus churn warnings and rep scorecards.',
  'welcome.point.private': 'Your data never leaves this machine: download backups, import Excel or CSV.',
  'welcome.loadDemo': 'Load demo data',
  'welcome.loading': 'Creating demo data…',
  'welcome.import': 'Import a spreadsheet',
  'welcome.demoNote': 'Demo data is marked as such and can be removed in one step in Settings.',
  'welcome.demoLoaded': 'Demo data for {n} customers added',
};
