/*
 * Data page: import a CSV/XLSX file (with progress and cancel, and the
 * importer's report), export any list as CSV or everything as JSON, and
 * back up / restore the whole database as a .sqlite file.
 *
 * The form controls are built once (a re-render must not drop the chosen
 * file); render(state) only updates the progress, report and status. It
 * reports clicks to main.js, which talks to the worker. Every value from a
 * file goes through h() (textContent), never HTML.
 */
import { h, replace } from '../dom.js';

export const ENTITIES = [
  ['customers', '客户', 'Customers', 'created_at'],
  ['reps', '销售/客服', 'Reps', 'created_at'],
  ['deals', '商机', 'Deals', 'created_at'],
  ['followups', '跟进记录', 'Follow-ups', 'at'],
  ['tickets', '服务工单', 'Tickets', 'created_at'],
  ['surveys', '满意度调查', 'Surveys', 'at'],
  ['orders', '订单', 'Orders', 'at'],
  ['events', '行为事件', 'Activity events', 'at'],
];

const DATE_FORMATS = [
  ['auto', '自动 Auto'],
  ['ymd', '年/月/日 Y/M/D'],
  ['mdy', '月/日/年 M/D/Y'],
  ['dmy', '日/月/年 D/M/Y'],
];

function entityOptions(selected) {
  return ENTITIES.map(([key, zh, en]) => h('option', { value: key, selected: key === selected }, `${zh} ${en}`));
}

function checkbox(id, label, checked) {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', id, checked }), ' ', label);
}

function field(label, control) {
  return h('label', { class: 'field' }, h('span', null, label), control);
}

const num = (n) => Number(n || 0).toLocaleString('en-US');

export class DataView {
  /* actions: onImport(file, options), onCancel(), onExportCsv(kind, {q, from, to}),
   * onExportJson(), onBackup(), onRestore(file) */
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.build();
  }

  build() {
    const a = this.actions;
    this.importFile = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,text/csv' });
    this.importKind = h('select', { id: 'import-kind' }, entityOptions('customers'));
    this.dateFormat = h('select', { id: 'import-date-format' },
      DATE_FORMATS.map(([v, label]) => h('option', { value: v }, label)));
    this.dryRun = checkbox('import-dry-run', '试运行（不写入）Dry run — nothing is written', false);
    this.createMissing = checkbox('import-create-customers', '自动创建缺少的客户 Create missing customers', false);
    this.importButton = h('button', { type: 'button', id: 'import-start', onclick: () => {
      a.onImport(this.importFile.files[0], {
        kind: this.importKind.value,
        dry_run: this.dryRun.querySelector('input').checked,
        create_missing_customers: this.createMissing.querySelector('input').checked,
        date_format: this.dateFormat.value,
      });
    } }, '导入 Import');
    this.progress = h('div', { id: 'import-progress', class: 'progress', hidden: true });
    this.report = h('div', { id: 'import-report', 'aria-live': 'polite' });

    this.exportKind = h('select', { id: 'export-kind' }, entityOptions('customers'));
    this.exportQ = h('input', { type: 'search', id: 'export-q', placeholder: '搜索 Search' });
    this.exportFrom = h('input', { type: 'date', id: 'export-from' });
    this.exportTo = h('input', { type: 'date', id: 'export-to' });
    this.exportCsv = h('button', { type: 'button', id: 'export-csv', onclick: () => a.onExportCsv(
      this.exportKind.value, { q: this.exportQ.value.trim(), from: this.exportFrom.value, to: this.exportTo.value }) },
    '导出 CSV Export CSV');
    this.exportJson = h('button', { type: 'button', id: 'export-json', class: 'secondary',
      onclick: () => a.onExportJson() }, '导出全部 JSON Export everything (JSON)');

    this.backup = h('button', { type: 'button', id: 'backup-sqlite', onclick: () => a.onBackup() },
      '下载 .sqlite 备份 Download .sqlite backup');
    this.restoreFile = h('input', { type: 'file', id: 'restore-file', accept: '.sqlite,.sqlite3,.db,application/vnd.sqlite3' });
    this.restoreButton = h('button', { type: 'button', id: 'restore-start', class: 'danger',
      onclick: () => a.onRestore(this.restoreFile.files[0]) }, '用此文件替换当前数据 Restore — replace the current data');
    this.status = h('p', { id: 'data-status', class: 'status', role: 'status' });

    replace(this.root, h('section', { class: 'card data' },
      h('h2', null, '数据 Data'),
      this.status,
      h('h3', null, '导入 Import'),
      h('p', { class: 'hint' }, 'CSV（UTF-8 或 GBK/GB18030，如中文 Excel 所存）或 XLSX 的第一个工作表。有任何错误行时不导入任何数据。'
        + ' CSV (UTF-8, or GBK/GB18030 as Chinese Excel saves it) or the first sheet of an XLSX file.'
        + ' If any row is bad, nothing is imported.'),
      h('div', { class: 'form' },
        field('文件 File', this.importFile),
        field('数据类型 Kind', this.importKind),
        field('日期格式 Date format', this.dateFormat),
        h('div', { class: 'checks' }, this.dryRun, this.createMissing),
        h('div', { class: 'actions' }, this.importButton)),
      this.progress,
      this.report,
      h('h3', null, '导出 Export'),
      h('div', { class: 'form' },
        field('数据类型 Kind', this.exportKind),
        field('搜索 Search', this.exportQ),
        field('从 From', this.exportFrom),
        field('到 To', this.exportTo),
        h('div', { class: 'actions' }, this.exportCsv, this.exportJson)),
      h('h3', null, '备份与恢复 Backup and restore'),
      h('p', { class: 'hint' }, '备份是完整的 SQLite 文件，可用 sqlite3 或 sql.js 打开。恢复前会先检查文件，检查通过之前当前数据保持不变。'
        + ' A backup is the whole database as a SQLite file (opens in sqlite3 and sql.js). A restore checks the file'
        + ' first; the current data stays until the new file has passed.'),
      h('div', { class: 'form' },
        h('div', { class: 'actions' }, this.backup),
        field('恢复自 Restore from', this.restoreFile),
        h('div', { class: 'actions' }, this.restoreButton))));
  }

  /* state.data: {busy, importing: {rows, bytes, total, cancelling}|null,
   * report, error, message}; state.readonly disables writes. */
  render(state) {
    const d = state.data;
    const writable = !!state.info && !state.readonly;
    this.importButton.disabled = d.busy || !writable;
    const role = state.storage && state.storage.role;
    this.restoreButton.disabled = d.busy || !((writable && role === 'owner') || role === 'corrupt');
    this.exportCsv.disabled = d.busy || !state.info;
    this.exportJson.disabled = d.busy || !state.info;
    this.backup.disabled = d.busy || !state.storage;
    this.status.className = d.error ? 'status error' : 'status';
    this.status.textContent = d.error || d.message || '';
    this.renderProgress(d.importing);
    this.renderReport(d.report);
  }

  renderProgress(p) {
    this.progress.hidden = !p;
    if (!p) { replace(this.progress); return; }
    const pct = p.total ? Math.min(100, Math.round((100 * p.bytes) / p.total)) : 0;
    replace(this.progress,
      h('progress', { max: 100, value: pct }),
      h('span', { id: 'import-rows', 'data-rows': p.rows }, `已读取 ${num(p.rows)} 行 rows read · ${pct}%`),
      h('button', { type: 'button', id: 'import-cancel', class: 'secondary', disabled: p.cancelling,
        onclick: () => this.actions.onCancel() }, p.cancelling ? '正在取消… Cancelling…' : '取消 Cancel'));
  }

  renderReport(r) {
    if (!r) { replace(this.report); return; }
    const failed = !r.committed && !r.dry_run;
    const errors = r.errors || [];
    const headline = failed
      ? `未导入任何数据：${num(r.error_count)} 行有错误 Nothing was imported: ${num(r.error_count)} bad row(s)`
      : r.dry_run
        ? `试运行：${errors.length ? `${num(r.error_count)} 行有错误` : '没有错误'}，未写入 Dry run${errors.length ? `: ${num(r.error_count)} bad row(s)` : ': no errors'}, nothing written`
        : '导入完成 Imported';
    const facts = [
      ['rows', '行 Rows', r.rows], ['created', '新建 Created', r.created], ['updated', '更新 Updated', r.updated],
      ['customers_created', '新建客户 Customers created', r.customers_created],
    ].filter(([key, , v]) => v != null && (!failed || key === 'rows')); // a failed import made nothing
    const mapping = Object.entries(r.mapping || {});
    replace(this.report, h('div', { class: failed ? 'report failed' : 'report', 'data-committed': String(!!r.committed),
      'data-rows': r.rows, 'data-ms': r.ms, 'data-core-ms': r.core_ms },
      h('p', { class: 'headline' }, headline),
      h('dl', { class: 'facts' }, facts.flatMap(([key, label, v]) => [h('dt', null, label), h('dd', { 'data-fact': key }, num(v))])),
      h('p', { class: 'meta' }, [r.file, r.encoding && `编码 encoding ${r.encoding}`, r.ms != null && `${num(r.ms)} ms`]
        .filter(Boolean).join(' · ')),
      mapping.length ? h('p', { class: 'mapping' }, '列对应 Columns: ',
        mapping.flatMap(([src, dst], i) => [i ? ', ' : '', h('span', { class: 'col' }, src), ' → ', dst])) : null,
      r.ignored && r.ignored.length ? h('p', { class: 'ignored', id: 'import-ignored' }, '忽略的列 Ignored columns: ',
        r.ignored.flatMap((c, i) => [i ? ', ' : '', h('span', { class: 'col' }, c)])) : null,
      r.custom_fields && r.custom_fields.length ? h('p', null, '自定义字段 Custom fields: ', r.custom_fields.join(', ')) : null,
      errors.length ? h('table', { id: 'import-errors', class: 'errors' },
        h('caption', null, '行号为数据行序号，表头不计 Rows are numbered from the first data row (the header is not counted)'),
        h('thead', null, h('tr', null, h('th', null, '行 Row'), h('th', null, '列 Column'), h('th', null, '值 Value'),
          h('th', null, '原因 Reason'))),
        h('tbody', null, errors.map((e) => h('tr', { 'data-row': e.row },
          h('td', { class: 'num' }, e.row), h('td', null, e.column || e.field || ''),
          h('td', { class: 'value' }, e.value == null ? '' : String(e.value)), h('td', null, e.reason))))) : null,
      r.error_count > errors.length
        ? h('p', { class: 'more' }, `另有 ${num(r.error_count - errors.length)} 行错误未列出 and ${num(r.error_count - errors.length)} more bad row(s)`)
        : null));
  }
}
