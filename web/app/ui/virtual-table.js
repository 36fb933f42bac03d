/*
 * A table of many rows that renders only the rows in view: every row has
 * the same height, so the scroll position alone says which rows are
 * visible, and spacer rows above and below keep the scrollbar true to the
 * whole list. The header stays in place (sticky) and its sortable columns
 * are buttons with aria-sort. The scroll area is focusable, so the arrow
 * keys and Page Up/Down scroll it without a mouse.
 *
 * The rows themselves come from the caller: rowAt(i) returns row i or null
 * while it is being fetched, and onRange(first, last) says which rows are
 * on screen, so the caller can fetch them by offset.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';

const OVERSCAN = 8; // rows drawn beyond each edge so a quick scroll shows no gap

/*
 * props: columns [{key, label, sortKey?, className?, cell(row, i)}], total,
 * rowAt(i), rowKey(row), onRange(first, last), sort ("name" / "-name"),
 * onSort(sort), onRowClick(row), rowHeight (px), label (the table's name),
 * rowClass(row), id, resetKey (scrolls back to the top when it changes),
 * sortLabel(label, state) (the accessible name of a sort button), busy
 * (aria-busy: the rows on screen are not yet those of the current query).
 */
export function VirtualTable({ columns, total, rowAt, rowKey, onRange, sort, onSort, onRowClick,
  rowHeight = 44, label, rowClass, id, resetKey, sortLabel, loadingText, busy }) {
  const box = useRef(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (el) { el.scrollTop = 0; setView((v) => ({ ...v, top: 0 })); }
  }, [resetKey]);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min(total, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  useEffect(() => { if (onRange) onRange(first, last); }, [first, last, total, onRange]);

  const rows = [];
  for (let i = first; i < last; i++) {
    const row = rowAt(i);
    if (!row) {
      rows.push(html`<tr key=${`wait-${i}`} class="vt-row vt-wait" aria-rowindex=${i + 2}>
        <td colspan=${columns.length}><span class="vt-placeholder">${loadingText || ''}</span></td></tr>`);
      continue;
    }
    rows.push(html`<tr key=${rowKey(row)} class=${`vt-row ${rowClass ? rowClass(row) : ''}`} aria-rowindex=${i + 2}
        onClick=${(e) => {
          if (!onRowClick || e.target.closest('a, button, input, select, label')) return;
          onRowClick(row);
        }}>
      ${columns.map((c) => html`<td key=${c.key} class=${c.className || ''}>${c.cell(row, i)}</td>`)}
    </tr>`);
  }
  const spacer = (h, k) => (h > 0 ? html`<tr key=${k} class="vt-spacer" aria-hidden="true">
    <td colspan=${columns.length} style=${{ height: `${h}px` }}></td></tr>` : null);

  return html`<div class="vt" ref=${box} tabindex="0" role="region" aria-label=${label} id=${id}
      aria-busy=${busy ? 'true' : 'false'}
      onScroll=${(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
    <table class="data vt-table" aria-rowcount=${total + 1} style=${{ '--vt-row': `${rowHeight}px` }}>
      <thead>
        <tr aria-rowindex="1">
          ${columns.map((c) => html`<th key=${c.key} scope="col" class=${c.className || ''}
              aria-sort=${c.sortKey ? sortState(sort, c.sortKey) : undefined}>
            ${c.sortKey ? html`<${SortButton} column=${c} sort=${sort} onSort=${onSort} sortLabel=${sortLabel} />` : c.label}
          </th>`)}
        </tr>
      </thead>
      <tbody>
        ${spacer(first * rowHeight, 'top')}
        ${rows}
        ${spacer((total - last) * rowHeight, 'bottom')}
      </tbody>
    </table>
  </div>`;
}

function SortButton({ column, sort, onSort, sortLabel }) {
  const state = sortState(sort, column.sortKey);
  const next = state === 'ascending' ? `-${column.sortKey}` : column.sortKey;
  const arrow = state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕';
  return html`<button type="button" class="vt-sort" data-sort=${column.sortKey}
      aria-label=${sortLabel ? sortLabel(column.label, state) : undefined} onClick=${() => onSort(next)}>
    <span>${column.label}</span><span class="vt-arrow" aria-hidden="true">${arrow}</span>
  </button>`;
}

/* aria-sort of a column given the list's sort ("name", "-name"). */
export function sortState(sort, key) {
  if (sort === key) return 'ascending';
  if (sort === `-${key}`) return 'descending';
  return 'none';
}
