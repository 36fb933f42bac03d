/*
 * Storage banner: where the data is saved and what to do when it is not.
 * Renders the worker's storage status (runtime.js status()); the buttons
 * only report clicks, main.js acts on them.
 */
import { h, replace } from '../dom.js';

export class StorageView {
  constructor(root, { onExport, onRetry, onTakeOver }) {
    this.root = root;
    this.actions = { onExport, onRetry, onTakeOver };
  }

  render(status, busy) {
    if (!status) { replace(this.root); return; }
    const exportButton = h('button', { id: 'export-db', type: 'button', class: 'secondary', disabled: busy,
      onclick: () => this.actions.onExport() }, '下载备份 Download backup');
    let cls = 'storage';
    let text;
    const buttons = [];
    if (status.role === 'corrupt') {
      cls += ' error';
      text = `本机保存的数据库未通过完整性检查，不会被覆盖 The saved database failed its integrity check `
        + `and will not be overwritten: ${status.report}`;
    } else if (status.role === 'passive') {
      cls += ' warn';
      text = '此数据库已在另一个标签页中打开，这里只读 Open in another tab — read-only here.';
      buttons.push(h('button', { id: 'use-here', type: 'button', disabled: busy,
        onclick: () => this.actions.onTakeOver() }, '在此使用 Use here'));
    } else if (status.saveError) {
      cls += ' error';
      text = `保存失败 Saving failed: ${status.saveError}. 更改仍在内存中，请下载备份或重试，不要关闭此页 `
        + 'Your changes are still in memory: download a backup or retry, and do not close this page.';
      buttons.push(h('button', { id: 'retry-save', type: 'button', disabled: busy,
        onclick: () => this.actions.onRetry() }, '重试 Retry'));
    } else if (status.role === 'owner') {
      text = status.durableTxn >= status.txn ? '已保存在本浏览器 Saved in this browser' : '正在保存… Saving…';
    } else {
      text = '正在打开… Opening…';
    }
    if (status.notice && status.role === 'passive') text = `${text} (${status.notice})`;
    replace(this.root, h('div', {
      class: cls, 'data-role': status.role, 'data-saved': String(!status.saveError && status.durableTxn >= status.txn),
      role: status.saveError || status.role === 'corrupt' ? 'alert' : 'status',
    }, h('span', { id: 'storage-text' }, text), ...buttons, exportButton));
  }
}
