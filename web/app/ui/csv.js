/*
 * CSV files written by the page (drill-down lists, chosen customers):
 * UTF-8 with a BOM so Excel reads Chinese, CRLF, RFC 4180 quoting, and
 * text cells that a spreadsheet would run as a formula (= + - @ TAB CR)
 * neutralised with a leading apostrophe — the same rules as the core's
 * export.csv (numbers stay numbers).
 */
import { saveFile } from './download.js';

function cell(v) {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(head, rows) {
  return `\uFEFF${[head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function saveCsv(name, head, rows) {
  saveFile(new Blob([toCsv(head, rows)], { type: 'text/csv;charset=utf-8' }), name);
}
