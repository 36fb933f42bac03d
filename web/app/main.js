/*
 * Composition root: creates the worker client and the views, holds the
 * page state and connects view events to API calls.
 */
import { WorkerClient } from './client.js';
import { OverviewView } from './views/overview.js';

const client = new WorkerClient(new URL('./worker.js', import.meta.url));
const state = { info: null, busy: false, error: null, message: '正在加载核心… Loading the core…' };

const overview = new OverviewView(document.getElementById('main'), {
  onLoadDemo: async () => {
    state.busy = true;
    state.error = null;
    state.message = '';
    overview.render(state);
    try {
      const made = await client.call('demo.generate', { customers: 200, seed: Date.now() % 100000 });
      state.message = `已生成 ${made.customers} 位客户的演示数据 · Demo data for ${made.customers} customers added`;
      state.info = await client.call('db.info');
    } catch (e) {
      state.error = `生成失败 Failed: ${e.message}`;
    } finally {
      state.busy = false;
      overview.render(state);
    }
  },
});

async function start() {
  overview.render(state);
  try {
    await client.ready;
    state.info = await client.call('db.info');
    state.message = '就绪 Ready';
  } catch (e) {
    state.error = `无法启动 Cannot start: ${e.message}`;
  }
  overview.render(state);
  document.body.dataset.ready = state.error ? 'error' : 'yes';
}

start();
