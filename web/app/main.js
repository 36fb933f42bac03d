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

const dbName = new URLSearchParams(location.search).get('db') || 'genjin';
const workerUrl = new URL('./worker.js', import.meta.url);
workerUrl.searchParams.set('db', dbName);

const state = {
  info: null, busy: false, error: null, message: '正在加载核心… Loading the core…',
  storage: null, readonly: false,
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
    const bytes = await client.call('storage.export');
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.sqlite3' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `genjin-${dbName}-${new Date().toISOString().slice(0, 10)}.sqlite`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    state.message = `已导出 ${(bytes.length / 1024).toFixed(0)} KiB · Backup downloaded`;
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
