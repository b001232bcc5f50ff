// Invoices: the list (GET /v1/invoices) and one invoice (GET /v1/invoices/{id}) with its tax.
import { html } from '../html.js';
import { uiPath } from '../router.js';
import { formatTaka, fromPaisa, toPaisa } from '../format.js';
import { HOLD_REASONS_INVOICE, STATUSES, holdShort, humanize, statusWords, yesNo } from '../words.js';
import { Countdown, Facts, Money, Status, TableWrap, Time } from '../components/common.js';
import { ListPage } from '../components/list-page.js';
import { Approvals, EntityPage, Holds, Notifications, Section } from '../components/entity.js';

const link = (id) => html`<a href=${uiPath('invoices', id)}>${id}</a>`;
const YES_NO = [['true', 'Yes'], ['false', 'No']];

export const invoiceList = {
  title: 'Invoices',
  singular: 'invoice',
  section: 'invoices',
  api: '/v1/invoices',
  openById: true,
  sortLabel: 'Received',
  empty: 'No invoices match these filters.',
  idOf: (item) => item.invoice_id,
  filters: [
    { name: 'status', label: 'Status', type: 'select', options: STATUSES.invoice.map((s) => [s, statusWords(s)]) },
    { name: 'vendor_id', label: 'Vendor', type: 'text', hint: 'Vendor id, exactly' },
    { name: 'vendor_bin', label: 'Vendor BIN', type: 'text' },
    { name: 'po_id', label: 'Purchase order', type: 'text', hint: 'Purchase order id, exactly' },
    { name: 'hold_reason', label: 'Hold reason', type: 'select', options: HOLD_REASONS_INVOICE.map((r) => [r, holdShort(r)]) },
    { name: 'overdue', label: 'Overdue', type: 'select', options: YES_NO },
    { name: 'mushak_6_10', label: 'Mushak-6.10', type: 'select', options: YES_NO },
    { name: 'invoice_from', label: 'Invoice date from', type: 'date' },
    { name: 'invoice_to', label: 'Invoice date to', type: 'date' },
  ],
  columns: [
    { header: 'Invoice', cell: (item) => link(item.invoice_id) },
    { header: 'Status', cell: (item) => html`<${Status} value=${item.status} />` },
    { header: 'Vendor', cell: (item) => (item.vendor_name ? `${item.vendor_name} (${item.vendor_id})` : item.vendor_id) },
    { header: 'Invoice number', cell: (item) => item.invoice_number },
    { header: 'Invoice date', cell: (item) => item.invoice_date },
    { header: 'Total (Tk)', numeric: true, cell: (item) => html`<${Money} value=${item.total} />` },
    { header: 'Net payable (Tk)', numeric: true, cell: (item) => html`<${Money} value=${item.net_payable} />` },
    { header: 'Paid (Tk)', numeric: true, cell: (item) => html`<${Money} value=${item.paid_amount} />` },
    { header: 'Due date', cell: (item) => item.due_date },
    { header: 'Overdue', cell: (item) => yesNo(item.overdue) },
    { header: 'Holds', cell: (item) => (item.hold_reasons.length ? item.hold_reasons.map(holdShort).join(', ') : '—') },
    { header: 'Received', sort: true, cell: (item) => html`<${Time} value=${item.received_at} />` },
  ],
};

export function InvoicesPage({ location, me }) {
  return html`<${ListPage} config=${invoiceList} location=${location} me=${me} />`;
}

// Still to pay: net payable less what was paid, in exact paisa.
function outstanding(invoice) {
  try {
    return fromPaisa(toPaisa(invoice.net_payable) - toPaisa(invoice.paid_amount));
  } catch {
    return null;
  }
}

// Statuses in which the due time still runs (docs/events.md, section 6: an invoice on hold falls
// overdue only once released; a paid or rejected one never does).
const RUNNING = ['pending_approval', 'approved', 'partially_paid'];

function Due({ invoice }) {
  const running = RUNNING.includes(invoice.status);
  return html`<span>${invoice.due_date} (due <${Time} value=${invoice.due_at} />)${running
    ? html`: <${Countdown} to=${invoice.due_at} futureText="payment due in" pastText="overdue" />` : null}${invoice.status === 'on_hold'
    ? '; while on hold it does not fall overdue' : null}</span>`;
}

function TaxRow({ label, value, strong }) {
  return html`<tr class=${strong ? 'total' : undefined}><th scope="row">${label}</th><td class="numeric"><${Money} value=${value} /></td></tr>`;
}

function Tax({ invoice }) {
  const { tax, payments } = invoice;
  // Invoices received before the audit records carried their lines have none to show.
  const lines = tax.lines.length > 0 ? tax.lines : null;
  const left = outstanding(invoice);
  return html`<${Section} id="tax" title="Tax">
    ${lines ? html`<${TableWrap} label="VAT per line table">
      <table>
        <caption>VAT per line (Taka)</caption>
        <thead><tr><th scope="col">Line</th><th scope="col" class="numeric">Amount</th><th scope="col" class="numeric">VAT rate</th><th scope="col" class="numeric">VAT</th></tr></thead>
        <tbody>${lines.map((line, index) => html`<tr>
          <th scope="row">Line ${index + 1}</th>
          <td class="numeric"><${Money} value=${line.amount} /></td>
          <td class="numeric">${line.vat_rate} %</td>
          <td class="numeric"><${Money} value=${line.vat} /></td></tr>`)}</tbody>
      </table><//>` : null}
    <${TableWrap} label="Tax and payment table">
      <table class="tax">
        <caption>Tax and payment of invoice ${invoice.invoice_id} (Taka)</caption>
        <thead><tr><th scope="col">Figure</th><th scope="col" class="numeric">Amount</th></tr></thead>
        <tbody>
          <${TaxRow} label="Sum of the lines" value=${tax.lines_total} />
          <${TaxRow} label="Subtotal (as invoiced)" value=${tax.subtotal} />
          <${TaxRow} label="VAT computed from the lines" value=${tax.vat_computed} />
          <${TaxRow} label="VAT total (as invoiced)" value=${tax.vat_amount} />
          <${TaxRow} label="Total (as invoiced)" value=${invoice.total} strong />
          <${TaxRow} label="VAT deducted at source (VDS)" value=${tax.vds_amount} />
          <${TaxRow} label="Income tax deducted at source (TDS)" value=${tax.tds_amount} />
          <${TaxRow} label="Net payable" value=${tax.net_payable} strong />
          <${TaxRow} label="Paid" value=${invoice.paid_amount} />
          ${left !== null ? html`<${TaxRow} label="Still to pay" value=${left} />` : null}
        </tbody>
      </table>
    <//>
    ${payments.length === 0 ? html`<p>No payments made.</p>` : html`<${TableWrap} label="Payment table">
      <table>
        <caption>Payments made</caption>
        <thead><tr><th scope="col">When</th><th scope="col" class="numeric">Amount</th><th scope="col">Method</th><th scope="col">Reference</th></tr></thead>
        <tbody>${payments.map((p) => html`<tr><th scope="row"><${Time} value=${p.at} /></th>
          <td class="numeric"><${Money} value=${p.amount} /></td><td>${p.method ? humanize(p.method) : '—'}</td><td>${p.payment_ref || '—'}</td></tr>`)}</tbody>
      </table><//>`}
    <${Facts} rows=${[
      ['Mushak-6.10', `${yesNo(invoice.mushak_6_10)} (set when the total is above the policy's limit)`],
      ['Input VAT credit ineligible', yesNo(invoice.input_vat_credit_ineligible)],
    ]} />
  <//>`;
}

export function InvoicePage({ id, me }) {
  return html`<${EntityPage} title="Invoice" api="/v1/invoices" id=${id} singular="invoice" entityType="invoice" me=${me}>
    ${(invoice) => html`
      <${Section} id="status" title="Status">
        <${Facts} rows=${[
          ['Status', html`<${Status} value=${invoice.status} />`],
          ['Overdue', invoice.overdue ? 'Yes: it fell due before it was paid' : 'No'],
          ['Vendor', invoice.vendor_name ? `${invoice.vendor_name} (${invoice.vendor_id})` : invoice.vendor_id],
          ['Vendor BIN', invoice.vendor_bin === undefined ? undefined : invoice.vendor_bin || '—'],
          ['Vendor category', invoice.vendor_category],
          ['Invoice number', invoice.invoice_number],
          ['Invoice date', invoice.invoice_date],
          ['Purchase order', invoice.po_id ? html`<a href=${uiPath('purchase-orders', invoice.po_id)}>${invoice.po_id}</a>` : 'None'],
          ['Total', formatTaka(invoice.total)],
          ['Net payable', formatTaka(invoice.net_payable)],
          ['Paid', formatTaka(invoice.paid_amount)],
          ['Due', html`<${Due} invoice=${invoice} />`],
          ['Received', html`<${Time} value=${invoice.received_at} />`],
          ['Decided', invoice.decided_at ? html`<${Time} value=${invoice.decided_at} />` : 'Not yet'],
          ['Last updated', html`<${Time} value=${invoice.updated_at} />`],
          ['Policy', invoice.policy_id],
        ]} />
      <//>
      <${Approvals} entity=${invoice} />
      <${Holds} reasons=${invoice.hold_reasons} workflow="invoice" />
      <${Tax} invoice=${invoice} />
      <${Notifications} entity=${invoice} />`}
  <//>`;
}
