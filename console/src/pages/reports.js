// Reports over a Bangladesh fiscal year (July to June) or one month of it: VAT by fiscal month
// (chart and table), withholding by vendor category, and the Mushak-6.6 VDS certificates with
// their CSV. The period is in the URL as the API's fiscal_year and month.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { ApiError, apiGet } from '../api.js';
import { navigate, readQuery, uiPath, withQuery } from '../router.js';
import { fiscalYearOf, formatCount, formatMonth, monthsOfFiscalYear } from '../format.js';
import { downloadFromApi } from '../download.js';
import { humanize } from '../words.js';
import { ErrorMessage, Loaded, Money, TableWrap, useLoad } from '../components/common.js';
import { MonthlyBarChart } from '../components/bar-chart.js';
import { Section } from '../components/entity.js';
import { Page } from '../components/layout.js';

// The fiscal years offered: five back from the current one, and the next; plus the one in the
// URL if it is outside that range.
function fiscalYearChoices(current, wanted) {
  const first = Number(current.slice(0, 4));
  const years = [];
  for (let y = first + 1; y >= first - 5; y -= 1) years.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  if (wanted && !years.includes(wanted)) years.push(wanted);
  return years;
}

function PeriodForm({ fiscalYear, month, current }) {
  const [year, setYear] = useState(fiscalYear);
  const [chosenMonth, setMonth] = useState(month || '');
  const [error, setError] = useState(null);
  const submit = (event) => {
    event.preventDefault();
    if (chosenMonth && !monthsOfFiscalYear(year).includes(chosenMonth)) {
      setError(new ApiError(400, `${formatMonth(chosenMonth)} is not in the fiscal year ${year} (July ${year.slice(0, 4)} to June ${Number(year.slice(0, 4)) + 1}).`));
      return;
    }
    setError(null);
    navigate(withQuery(uiPath('reports'), { fiscal_year: year, month: chosenMonth }));
  };
  return html`<form aria-label="Period" class="filters" onSubmit=${submit}>
    <div class="fields">
      <div class="field"><label for="fiscal-year">Fiscal year</label>
        <select id="fiscal-year" value=${year} onChange=${(e) => setYear(e.currentTarget.value)} aria-describedby="fiscal-year-hint">
          ${fiscalYearChoices(current, fiscalYear).map((y) => html`<option value=${y}>${y}</option>`)}
        </select>
        <span class="hint" id="fiscal-year-hint">July to June</span></div>
      <div class="field"><label for="report-month">Month</label>
        <input id="report-month" type="month" value=${chosenMonth} pattern="[0-9]{4}-[0-9]{2}" placeholder="YYYY-MM"
          aria-describedby="report-month-hint" onInput=${(e) => setMonth(e.currentTarget.value)} />
        <span class="hint" id="report-month-hint">Optional: one month of the year</span></div>
    </div>
    <div class="actions"><button type="submit">Show</button></div>
    <${ErrorMessage} error=${error} />
  </form>`;
}

// The chart's name avoids the words of the page's control labels ("Month", "Fiscal year"): an
// element's name is also a label to assistive technology and to the browser tests.
function VatReport({ report, months, period, month, fiscalYear }) {
  const byMonth = new Map(report.rows.map((row) => [row.month, row]));
  const bars = months.map((month) => ({ month, amount: byMonth.has(month) ? byMonth.get(month).vat_amount : null }));
  return html`
    <${MonthlyBarChart} bars=${bars} label="VAT" summaryPrefix=${`VAT chart for ${month ? formatMonth(month) : fiscalYear}`} />
    ${report.rows.length === 0 ? html`<p class="empty">No invoices in this period.</p>` : html`
    <${TableWrap} label="VAT table">
      <table>
        <caption>VAT by month of the invoice date, ${period} (Taka)</caption>
        <thead><tr><th scope="col">Month</th><th scope="col" class="numeric">Invoices</th><th scope="col" class="numeric">Subtotal</th>
          <th scope="col" class="numeric">VAT as invoiced</th><th scope="col" class="numeric">VAT from the lines</th><th scope="col" class="numeric">VDS</th></tr></thead>
        <tbody>${report.rows.map((row) => html`<tr>
          <th scope="row">${formatMonth(row.month)}</th><td class="numeric">${formatCount(row.invoices)}</td>
          <td class="numeric"><${Money} value=${row.subtotal} /></td><td class="numeric"><${Money} value=${row.vat_amount} /></td>
          <td class="numeric"><${Money} value=${row.vat_computed} /></td><td class="numeric"><${Money} value=${row.vds_amount} /></td></tr>`)}</tbody>
        <tfoot><tr class="total"><th scope="row">Total</th><td class="numeric">${formatCount(report.totals.invoices)}</td>
          <td class="numeric"><${Money} value=${report.totals.subtotal} /></td><td class="numeric"><${Money} value=${report.totals.vat_amount} /></td>
          <td class="numeric"><${Money} value=${report.totals.vat_computed} /></td><td class="numeric"><${Money} value=${report.totals.vds_amount} /></td></tr></tfoot>
      </table>
    <//>`}`;
}

function WithholdingReport({ report, period }) {
  if (report.rows.length === 0) return html`<p class="empty">No invoices in this period.</p>`;
  return html`<${TableWrap} label="Withholding table">
    <table>
      <caption>VAT and income tax deducted at source by vendor category, ${period} (Taka)</caption>
      <thead><tr><th scope="col">Vendor category</th><th scope="col" class="numeric">Invoices</th><th scope="col" class="numeric">Subtotal</th>
        <th scope="col" class="numeric">VDS</th><th scope="col" class="numeric">TDS</th></tr></thead>
      <tbody>${report.rows.map((row) => html`<tr>
        <th scope="row">${humanize(row.vendor_category)}</th><td class="numeric">${formatCount(row.invoices)}</td>
        <td class="numeric"><${Money} value=${row.subtotal} /></td><td class="numeric"><${Money} value=${row.vds_amount} /></td>
        <td class="numeric"><${Money} value=${row.tds_amount} /></td></tr>`)}</tbody>
      <tfoot><tr class="total"><th scope="row">Total</th><td class="numeric">${formatCount(report.totals.invoices)}</td>
        <td class="numeric"><${Money} value=${report.totals.subtotal} /></td><td class="numeric"><${Money} value=${report.totals.vds_amount} /></td>
        <td class="numeric"><${Money} value=${report.totals.tds_amount} /></td></tr></tfoot>
    </table>
  <//>`;
}

function VdsCertificates({ report, period }) {
  const certificates = [...report.certificates].sort((a, b) => a.month.localeCompare(b.month) || a.supplier.id.localeCompare(b.supplier.id));
  const entity = report.withholding_entity;
  return html`
    <p>Withholding entity: ${entity.name} (BIN <code>${entity.bin}</code>). One certificate per supplier and month of deduction;
      VAT is deducted at the first payment.</p>
    ${certificates.length === 0 ? html`<p class="empty">No VAT was deducted at source in this period.</p>` : html`
    <${TableWrap} label="VDS certificate table">
      <table>
        <caption>VDS certificates (Mushak-6.6) by month of deduction, ${period} (Taka)</caption>
        <thead><tr><th scope="col">Month</th><th scope="col">Supplier</th><th scope="col">Supplier BIN</th><th scope="col">Invoices</th>
          <th scope="col" class="numeric">Value of supply</th><th scope="col" class="numeric">VAT</th><th scope="col" class="numeric">VDS</th></tr></thead>
        <tbody>${certificates.map((c) => html`<tr key=${`${c.month}/${c.supplier.id}`}>
          <th scope="row">${formatMonth(c.month)}</th>
          <td>${c.supplier.name ? `${c.supplier.name} (${c.supplier.id})` : c.supplier.id}</td>
          <td>${c.supplier.bin || '—'}</td>
          <td><ul class="plain">${c.invoices.map((i) => html`<li><a href=${uiPath('invoices', i.invoice_id)}>${i.invoice_id}</a>
            <span class="hint">(${i.invoice_number}, deducted ${i.deducted_on})</span></li>`)}</ul></td>
          <td class="numeric"><${Money} value=${c.totals.value} /></td><td class="numeric"><${Money} value=${c.totals.vat_amount} /></td>
          <td class="numeric"><${Money} value=${c.totals.vds_amount} /></td></tr>`)}</tbody>
      </table>
    <//>`}`;
}

function CsvDownload({ params, period }) {
  const [state, setState] = useState({ busy: false, done: '', error: null });
  const download = async () => {
    setState({ busy: true, done: '', error: null });
    try {
      const file = await downloadFromApi('/v1/reports/vds-certificates', {
        params, accept: 'text/csv', fallbackName: `vds-certificates-${period}.csv`,
      });
      setState({ busy: false, done: `Downloaded ${file.name}.`, error: null });
    } catch (error) {
      setState({ busy: false, done: '', error });
    }
  };
  return html`<div class="actions">
      <button type="button" onClick=${() => !state.busy && download()} aria-disabled=${state.busy ? 'true' : undefined}>Download CSV</button>
    </div>
    <p role="status" class="result">${state.busy ? 'Downloading…' : state.done}</p>
    <${ErrorMessage} error=${state.error} />`;
}

export function ReportsPage({ location }) {
  const query = readQuery(location.search);
  const current = fiscalYearOf(new Date());
  const month = query.month || '';
  const fiscalYear = query.fiscal_year || (/^\d{4}-\d{2}$/.test(month) ? fiscalYearOf(`${month}-15T00:00:00Z`) : current);
  const params = { fiscal_year: fiscalYear, month };
  const period = month ? formatMonth(month) : `fiscal year ${fiscalYear}`;
  const months = month ? [month] : monthsOfFiscalYear(fiscalYear);
  const key = location.search;
  const vat = useLoad(() => apiGet('/v1/reports/vat', params), [key]);
  const withholding = useLoad(() => apiGet('/v1/reports/withholding', params), [key]);
  const vds = useLoad(() => apiGet('/v1/reports/vds-certificates', params), [key]);
  return html`<${Page} title="Reports">
    <${PeriodForm} key=${key} fiscalYear=${fiscalYear} month=${month} current=${current} />
    <${Section} id="vat" title="VAT by fiscal month">
      <${Loaded} state=${vat}>${(report) => html`<${VatReport} report=${report} months=${months} period=${period} month=${month} fiscalYear=${fiscalYear} />`}<//>
    <//>
    <${Section} id="withholding" title="Withholding by vendor category">
      <${Loaded} state=${withholding}>${(report) => html`<${WithholdingReport} report=${report} period=${period} />`}<//>
    <//>
    <${Section} id="vds" title="VDS certificates (Mushak-6.6)">
      <${Loaded} state=${vds}>${(report) => html`
        <${CsvDownload} params=${params} period=${month || fiscalYear} />
        <${VdsCertificates} report=${report} period=${period} />`}<//>
    <//>
  <//>`;
}
