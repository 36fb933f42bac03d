/* 数据保管（设置页和数据页）。 */
export default {
  'keeping.title': '数据保管',
  'keeping.persisted': '持久存储',
  'keeping.granted': '已授权：浏览器不会自行删除数据',
  'keeping.notGranted': '未授权',
  'keeping.size': '数据库大小',
  'keeping.lastBackup': '上次备份',
  'keeping.never': '从未备份',
  'keeping.kib': '{n} KB',
  'keeping.mib': '{n} MB',
  'keeping.reminder': '本浏览器可能会删除一段时间未访问的网站数据（Safari 为 7 天）。请至少每周下载一次备份。',
  'keeping.suggest': '本周还没有备份：下载一份并妥善保存。',
  'keeping.backup': '下载备份（.sqlite）',
  'keeping.backingUp': '正在准备备份…',
};
