/*
 * One chart: an ECharts instance bound to a div, redrawn when its option
 * or the language changes, resized with its box, disposed on unmount. A
 * click on an element calls onClick(params) (drill-down). Every chart has
 * a text alternative: the numbers as a table inside <details>, which
 * screen readers and printouts can read.
 */
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { locale, t } from '../../i18n/index.js';
import { echarts, chartLocale } from './chart-library.js';

/* props: id, title, option (ECharts option), table {head: [...], rows: [[...]]},
 * onClick, height (px) */
export function Chart({ id, title, option, table, onClick, height = 260 }) {
  const box = useRef(null);
  const chart = useRef(null);
  const click = useRef(onClick);
  click.current = onClick;
  const lang = locale.value;

  useEffect(() => {
    const c = echarts.init(box.current, null, { renderer: 'canvas', locale: chartLocale(lang) });
    chart.current = c;
    c.on('click', (p) => { if (click.current) click.current(p); });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, [lang]);

  useEffect(() => {
    if (chart.current && option) chart.current.setOption(option, true);
  }, [option, lang]);

  return html`<figure class="chart" id=${id}>
    <figcaption>${title}</figcaption>
    <div class="chart-canvas" ref=${box} style=${`height:${height}px`} role="img" aria-label=${title}></div>
    ${table ? html`<details class="chart-table">
      <summary>${t('dash.asTable')}</summary>
      <table>
        <thead><tr>${table.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
        <tbody>${table.rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody>
      </table>
    </details>` : null}
  </figure>`;
}
