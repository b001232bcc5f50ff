// Purchase orders: the list (GET /v1/purchase-orders) and one order (GET /v1/purchase-orders/{id}).
import { html } from '../html.js';
import { uiPath } from '../router.js';
import { formatTaka } from '../format.js';
import { STATUSES, WORKFLOW_ROLES, roleWords, statusWords } from '../words.js';
import { Facts, Money, Status, Time } from '../components/common.js';
import { ListPage } from '../components/list-page.js';
import { Approvals, EntityPage, Notifications, Section } from '../components/entity.js';

const link = (id) => html`<a href=${uiPath('purchase-orders', id)}>${id}</a>`;

export const purchaseOrderList = {
  title: 'Purchase orders',
  singular: 'purchase order',
  section: 'purchase-orders',
  api: '/v1/purchase-orders',
  openById: true,
  sortLabel: 'Submitted',
  empty: 'No purchase orders match these filters.',
  idOf: (item) => item.po_id,
  filters: [
    { name: 'status', label: 'Status', type: 'select', options: STATUSES.purchase_order.map((s) => [s, statusWords(s)]) },
    { name: 'pending_role', label: 'Pending role', type: 'select', options: WORKFLOW_ROLES.map((r) => [r, roleWords(r)]) },
    { name: 'department', label: 'Department', type: 'text' },
    { name: 'vendor_id', label: 'Vendor', type: 'text', hint: 'Vendor id, exactly' },
    { name: 'requester_id', label: 'Requester', type: 'text', hint: 'Requester id, exactly' },
    { name: 'min_total', label: 'Minimum total', type: 'money', hint: 'Taka, such as 100000.50' },
    { name: 'max_total', label: 'Maximum total', type: 'money', hint: 'Taka, inclusive' },
    { name: 'submitted_from', label: 'Submitted from', type: 'datetime' },
    { name: 'submitted_to', label: 'Submitted to', type: 'datetime' },
  ],
  columns: [
    { header: 'Purchase order', cell: (item) => link(item.po_id) },
    { header: 'Status', cell: (item) => html`<${Status} value=${item.status} />` },
    { header: 'Total (Tk)', numeric: true, cell: (item) => html`<${Money} value=${item.total} />` },
    { header: 'Department', cell: (item) => item.department },
    { header: 'Vendor', cell: (item) => item.vendor_id },
    { header: 'Requester', cell: (item) => item.requester_id },
    { header: 'Waiting for', cell: (item) => (item.pending_role ? roleWords(item.pending_role) : '—') },
    { header: 'Tiers approved', cell: (item) => `${item.tiers_approved} of ${item.tiers_required}` },
    { header: 'Submitted', sort: true, cell: (item) => html`<${Time} value=${item.submitted_at} />` },
  ],
};

export function PurchaseOrdersPage({ location, me }) {
  return html`<${ListPage} config=${purchaseOrderList} location=${location} me=${me} />`;
}

export function PurchaseOrderPage({ id, me }) {
  return html`<${EntityPage} title="Purchase order" api="/v1/purchase-orders" id=${id} singular="purchase order"
    entityType="purchase_order" me=${me}>
    ${(po) => html`
      <${Section} id="status" title="Status">
        <${Facts} rows=${[
          ['Status', html`<${Status} value=${po.status} />`],
          ['Total', formatTaka(po.total)],
          ['Department', po.department],
          ['Vendor', po.vendor_id],
          ['Requester', po.requester_id],
          ['Budget code', po.budget_code],
          ['Submitted', html`<${Time} value=${po.submitted_at} />`],
          ['Waiting since', po.pending_since ? html`<${Time} value=${po.pending_since} />` : undefined],
          ['Decided', po.decided_at ? html`<${Time} value=${po.decided_at} />` : 'Not yet'],
          ['Last updated', html`<${Time} value=${po.updated_at} />`],
          ['Policy', po.policy_id],
          ['Invoices', html`<a href=${`${uiPath('invoices')}?po_id=${encodeURIComponent(po.po_id)}`}>Invoices against ${po.po_id}</a>`],
        ]} />
      <//>
      <${Approvals} entity=${po} />
      <${Notifications} entity=${po} />`}
  <//>`;
}
