/*
 * Composition root: creates the worker client and the views, holds the
 * page state and connects view events to API calls.
 *
 * ?db=name picks the database (default "genjin"): one IndexedDB database
 * per name, so tests and trials do not touch the real one.
 */
import { WorkerClient } from './client.js';
import { OverviewView } from './views/overview.js';
import { StorageView } from './views/storage.js';
import { DataView, ENTITIES } from './views/data.js';

const dbName = new URLSearchParams(location.search).get('db') || 'genjin';
const workerUrl = new URL('./worker.js', import.meta.url);
workerUrl.searchParams.set('db', dbName);
// ?test-hooks=1 turns on the worker's "test.*" ops (browser tests only).
if (new URLSearchParams(location.search).get('test-hooks') === '1') workerUrl.searchParams.set('test-hooks', '1');

const state = {
  info: null, busy: false, error: null, message: '正在加载核心… Loading the core…',
  storage: null, readonly: false,
  data: { busy: false, importing: null, report: null, error: null, message: '' }, // Data page
};

const client = new WorkerClient(workerUrl, (msg) => {
  if (msg.event === 'status') {
    const wasPassive = state.readonly;
    state.storage = msg.status;
    state.readonly = msg.status.role !== 'owner';
    if (wasPassive !== state.readonly && state.info) refreshInfo();
    render();
  } else if (msg.event === 'changed') {
    refreshInfo(); // another tab committed
  }
});
// For tests and the browser console: the worker protocol of this page.
window.genjin = client;

function render() {
  overview.render(state);
  storage.render(state.storage, state.busy);
  dataView.render(state);
}

async function refreshInfo() {
  try {
    state.info = await client.call('db.info');
  } catch (e) {
    state.error = `读取失败 Cannot read: ${e.message}`;
  }
  render();
}

/* Runs an action with the page marked busy; failures go to the status. */
async function act(what, fn) {
  state.busy = true;
  state.error = null;
  state.message = '';
  render();
  try {
    await fn();
  } catch (e) {
    state.error = `${what} ${e.message}`;
  } finally {
    state.busy = false;
    render();
  }
}

const overview = new OverviewView(document.getElementById('main'), {
  onLoadDemo: () => act('生成失败 Failed:', async () => {
    const made = await client.call('demo.generate', { customers: 200, seed: Date.now() % 100000 });
    state.message = `已生成 ${made.customers} 位客户的演示数据 · Demo data for ${made.customers} customers added`;
    state.info = await client.call('db.info');
  }),
});

const storage = new StorageView(document.getElementById('storage'), {
  onExport: () => act('导出失败 Export failed:', async () => {
    state.message = await downloadBackup();
  }),
  onRetry: () => act('保存失败 Saving failed:', async () => {
    await client.call('storage.retry');
    state.message = '已保存 Saved';
  }),
  onTakeOver: () => act('无法切换 Cannot take over:', async () => {
    await client.call('storage.takeOver');
    state.info = await client.call('db.info');
    state.message = '已在此标签页使用 Using the database in this tab';
  }),
});

/* --- Data page (helper D): import, export, backup and restore --- */

/* Offers `blob` as a download named `name`. */
function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const today = () => new Date().toISOString().slice(0, 10);

/* The whole database as a .sqlite download (works while saving fails);
 * returns the message to show. */
async function downloadBackup() {
  const bytes = await client.call('storage.export');
  saveFile(new Blob([bytes], { type: 'application/vnd.sqlite3' }), `genjin-${dbName}-${today()}.sqlite`);
  return `已导出 ${(bytes.length / 1024).toFixed(0)} KiB · Backup downloaded`;
}

/* The args of "<kind>.list" / "export.csv" for the Data page's filters:
 * search text and a date range (inclusive) on the entity's time field. */
function listArgs(kind, { q, from, to }) {
  const timeField = (ENTITIES.find(([key]) => key === kind) || [])[3] || 'created_at';
  const args = { kind };
  if (q) args.q = q;
  const range = {};
  if (from) range.gte = from;
  if (to) range.lt = new Date(Date.parse(to) + 86400000).toISOString().slice(0, 10);
  if (from || to) args.filter = { [timeField]: range };
  return args;
}

/* Runs a Data page action with its section marked busy. */
async function dataAct(what, fn) {
  Object.assign(state.data, { busy: true, error: null, message: '' });
  render();
  try {
    await fn();
  } catch (e) {
    state.data.error = `${what} ${e.message}`;
  } finally {
    state.data.busy = false;
    state.data.importing = null;
    render();
  }
}

const dataView = new DataView(document.getElementById('data-main'), {
  onImport: (file, options) => dataAct('导入失败 Import failed:', async () => {
    if (!file) throw new Error('请先选择文件 choose a file first');
    state.data.report = null;
    state.data.importing = { rows: 0, bytes: 0, total: file.size, cancelling: false };
    render();
    const report = await client.callWithProgress('import.file', { ...options, file }, (p) => {
      if (!state.data.importing) return;
      Object.assign(state.data.importing, p);
      dataView.renderProgress(state.data.importing);
    });
    state.data.report = report;
    state.data.message = report.committed
      ? `已导入 ${report.rows} 行 · Imported ${report.rows} rows` : '';
    state.info = await client.call('db.info');
  }),
  onCancel: async () => {
    if (!state.data.importing) return;
    state.data.importing.cancelling = true;
    dataView.renderProgress(state.data.importing);
    await client.call('import.cancel');
  },
  onExportCsv: (kind, filters) => dataAct('导出失败 Export failed:', async () => {
    const { csv } = await client.call('export.csv', listArgs(kind, filters));
    saveFile(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `genjin-${kind}-${today()}.csv`);
    state.data.message = `已导出 ${kind} CSV · Exported`;
  }),
  onExportJson: () => dataAct('导出失败 Export failed:', async () => {
    const data = await client.call('export.json');
    saveFile(new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' }), `genjin-${dbName}-${today()}.json`);
    state.data.message = '已导出 JSON 备份 · JSON backup downloaded';
  }),
  onBackup: () => dataAct('导出失败 Export failed:', async () => {
    state.data.message = await downloadBackup();
  }),
  onRestore: (file) => dataAct('恢复失败，当前数据未改变 Restore failed, nothing changed:', async () => {
    if (!file) throw new Error('请先选择 .sqlite 文件 choose a .sqlite file first');
    // eslint-disable-next-line no-alert
    if (!window.confirm(`用 ${file.name} 替换当前全部数据？Replace all current data with ${file.name}?`)) return;
    const info = await client.call('storage.restore', { file });
    state.info = info;
    state.error = null; // e.g. "the database is damaged", now replaced
    state.data.report = null;
    state.data.message = `已恢复 ${file.name}：${info.counts.customers} 位客户 · Restored (${info.counts.customers} customers)`;
  }),
});

/* #data shows the Data page, anything else the overview. */
function showPage() {
  const data = location.hash === '#data';
  document.getElementById('main').hidden = data;
  document.getElementById('data-main').hidden = !data;
  for (const [id, on] of [['tab-overview', !data], ['tab-data', data]]) {
    const tab = document.getElementById(id);
    if (on) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}
window.addEventListener('hashchange', showPage);
showPage();
/* --- end of the Data page section --- */

async function start() {
  render();
  // Ask the browser not to evict the data under storage pressure.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  try {
    await client.ready;
    state.message = '就绪 Ready';
    if (state.storage && state.storage.role === 'corrupt') state.error = '数据库损坏 The database is damaged';
    else state.info = await client.call('db.info');
  } catch (e) {
    if (e.code === 'readonly') state.message = e.message; // passive, nothing saved yet
    else state.error = `无法启动 Cannot start: ${e.message}`;
  }
  render();
  performance.mark('genjin-ready'); // cold-open time for scripts/bench-persist.mjs
  document.body.dataset.ready = state.error ? 'error' : 'yes';
}

start();
