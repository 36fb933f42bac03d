/*
 * What an import run found: the counts, and each bad row with its row
 * number, column, value and the reason in the current language. Values
 * from the file are shown as text, never as markup.
 */
import { html } from '../../ui/html.js';
import { t, fmt, errorText } from '../../i18n/index.js';

/* Whether a row error is "this rep does not exist" (an owner or rep
 * column naming someone not in the team). */
export function isUnknownRep(e) {
  if (e.reason === 'unknown_rep') return true;
  if (e.field !== 'owner_id' && e.field !== 'rep_id') return false;
  return (e.reason === 'no_match' && (!e.params || !e.params.entity || e.params.entity === 'reps'))
    || /no rep/i.test(e.message || e.reason || '');
}

/* Whether a row error is "the ext_id of an earlier row of the file"
 * (the report names that row in first_row). */
export function isDuplicateRow(e) {
  return e.reason === 'duplicate_row' || !!e.first_row || !!(e.params && e.params.first_row);
}

/* The reason of one row error in the current language: the two errors
 * the wizard offers a fix for by their own words, others by the core's
 * reason key when the catalogue has it, else the core's words. */
export function rowReason(kind, e) {
  const params = { field: e.field, value: e.value, first_row: e.first_row, ...(e.params || {}) };
  if (isUnknownRep(e)) return errorText({ reason: 'unknown_rep', params }, kind);
  if (isDuplicateRow(e)) return errorText({ reason: 'duplicate_row', params }, kind);
  return errorText({ reason: e.reason, params, message: e.message || e.reason }, kind);
}

function Fact({ name, value }) {
  return html`<div><dt>${t(`data.fact.${name}`)}</dt><dd data-fact=${name}>${fmt.number(value || 0)}</dd></div>`;
}

export function ReportView({ kind, report }) {
  const errors = report.errors || [];
  const shown = errors.length;
  return html`<div id="import-report" data-committed=${String(!!report.committed)} data-errors=${report.error_count || 0}>
    <dl class="facts">
      <${Fact} name="rows" value=${report.rows} />
      <${Fact} name="created" value=${report.created} />
      <${Fact} name="updated" value=${report.updated} />
      ${report.customers_created ? html`<${Fact} name="customers_created" value=${report.customers_created} />` : null}
      ${report.reps_created ? html`<${Fact} name="reps_created" value=${report.reps_created} />` : null}
      <${Fact} name="errors" value=${report.error_count} />
    </dl>
    ${report.encoding ? html`<p class="muted" id="import-encoding">${t('data.encoding', { encoding: report.encoding })}</p>` : null}
    ${report.fatal ? html`<p class="form-error" role="alert" id="import-fatal">${rowReason(kind, typeof report.fatal === 'object' ? report.fatal : { message: report.fatal })}</p>` : null}
    ${shown ? html`<div class="table-scroll" tabindex="0" role="region" aria-label=${t('data.errorsRegion')}><table class="data" id="import-errors">
      <caption>${report.error_count > shown ? t('data.errorsSome', { n: shown, total: report.error_count }) : t('data.errorsAll', { n: shown })}</caption>
      <thead><tr><th scope="col" class="num">${t('data.row')}</th><th scope="col">${t('data.column')}</th>
        <th scope="col">${t('data.value')}</th><th scope="col">${t('data.reason')}</th></tr></thead>
      <tbody>${errors.map((e, i) => html`<tr key=${i}>
        <td class="num" data-label=${t('data.row')}>${e.row}</td><td data-label=${t('data.column')}>${e.column || ''}</td>
        <td class="value" data-label=${t('data.value')}>${e.value ?? ''}</td><td data-label=${t('data.reason')}>${rowReason(kind, e)}</td>
      </tr>`)}</tbody>
    </table></div>` : null}
  </div>`;
}
