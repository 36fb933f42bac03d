/*
 * Overview view: record counts, database facts and the demo-data button.
 * It only renders state and reports clicks; main.js decides what happens.
 */
import { h, replace } from '../dom.js';

const LABELS = [
  ['customers', '客户', 'Customers'],
  ['reps', '销售/客服', 'Reps'],
  ['deals', '商机', 'Deals'],
  ['followups', '跟进记录', 'Follow-ups'],
  ['tickets', '服务工单', 'Tickets'],
  ['surveys', '满意度调查', 'Surveys'],
  ['orders', '订单', 'Orders'],
  ['events', '行为事件', 'Activity events'],
];

export class OverviewView {
  constructor(root, { onLoadDemo }) {
    this.root = root;
    this.onLoadDemo = onLoadDemo;
  }

  render(state) {
    const { info, busy, error, message, readonly } = state;
    const counts = info ? info.counts : {};
    const button = h('button', {
      id: 'load-demo', type: 'button', disabled: busy || !info || readonly,
      onclick: () => this.onLoadDemo(),
    }, busy ? '正在生成… Generating…' : '加载演示数据 Load demo data');
    const table = h('table', { id: 'counts', class: 'counts' },
      h('thead', null, h('tr', null, h('th', null, '数据 Records'), h('th', { class: 'num' }, '数量 Count'))),
      h('tbody', null, LABELS.map(([key, zh, en]) =>
        h('tr', { 'data-entity': key },
          h('td', null, zh, ' ', h('span', { class: 'en' }, en)),
          h('td', { class: 'num', 'data-count': key }, info ? String(counts[key] ?? 0) : '…')))));
    const facts = info
      ? h('p', { class: 'facts', id: 'db-facts' },
        `数据库 schema v${info.schema_version} · SQLite ${info.sqlite_version} · `
        + `${(info.size_bytes / 1024).toFixed(0)} KiB · Genjin ${info.genjin_version}`)
      : null;
    replace(this.root,
      h('section', { class: 'card' },
        h('h2', null, '概览 Overview'),
        h('div', { class: 'actions' }, button,
          h('span', { id: 'status', class: error ? 'status error' : 'status', role: 'status' },
            error || message || '')),
        table, facts));
  }
}
