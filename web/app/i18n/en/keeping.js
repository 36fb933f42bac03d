/* "Keeping the data" (Settings and the Data page). */
export default {
  'keeping.title': 'Keeping the data',
  'keeping.persisted': 'Persistent storage',
  'keeping.granted': 'Granted: the browser will not delete the data on its own',
  'keeping.notGranted': 'Not granted',
  'keeping.size': 'Database size',
  'keeping.lastBackup': 'Last backup',
  'keeping.never': 'Never',
  'keeping.kib': '{n} KB',
  'keeping.mib': '{n} MB',
  'keeping.reminder': 'This browser may delete the data of sites you have not visited for a while (Safari after 7 days). Download a backup at least once a week.',
  'keeping.suggest': 'No backup this week: download one and keep it somewhere safe.',
  'keeping.backup': 'Download backup (.sqlite)',
  'keeping.backingUp': 'Preparing backup…',
};
