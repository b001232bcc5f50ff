// The API's vocabularies (docs/openapi.yaml, docs/events.md) in words. Codes the console does not
// know yet (docs/events.md, section 9: vocabularies may grow) are shown as they are, never hidden.

export const STATUSES = {
  purchase_order: ['pending_approval', 'approved', 'rejected', 'cancelled', 'expired'],
  invoice: ['on_hold', 'pending_approval', 'approved', 'partially_paid', 'paid', 'rejected'],
  onboarding: ['on_hold', 'in_progress', 'completed', 'cancelled'],
};

export const TASK_STATUSES = ['pending', 'completed', 'overdue', 'completed_late'];

export const WORKFLOW_ROLES = ['requester', 'department_head', 'finance_manager', 'cfo', 'managing_director', 'hr', 'system'];

export const HOLD_REASONS_INVOICE = ['invalid_bin', 'invalid_tin', 'subtotal_mismatch', 'vat_mismatch', 'total_mismatch',
  'duplicate_invoice', 'po_not_found', 'po_not_approved', 'vendor_mismatch', 'po_amount_exceeded'];

export const DEAD_LETTER_REASONS = ['no_key', 'key_mismatch', 'invalid_json', 'not_an_object', 'missing_field',
  'wrong_type', 'unknown_type', 'wrong_topic', 'unknown_role', 'bad_money', 'bad_quantity', 'bad_date', 'too_large',
  'no_policy', 'unknown_category', 'bad_vat_rate', 'total_mismatch', 'poison'];

// "pending_approval" → "Pending approval".
export function humanize(code) {
  if (code === null || code === undefined || code === '') return '—';
  const text = String(code).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const STATUS_WORDS = { on_hold: 'On hold', completed_late: 'Completed late' };
export const statusWords = (status) => STATUS_WORDS[status] || humanize(status);

const ROLE_WORDS = { cfo: 'CFO', hr: 'HR' };
export const roleWords = (role) => ROLE_WORDS[role] || humanize(role);

const TASK_WORDS = { it_equipment: 'IT equipment', payment: 'Payment' };
export const taskWords = (task) => TASK_WORDS[task] || humanize(task);

const WORKFLOW_WORDS = { purchase_order: 'Purchase order', invoice: 'Invoice', onboarding: 'Onboarding' };
export const workflowWords = (workflow) => WORKFLOW_WORDS[workflow] || humanize(workflow);

// Hold reasons, as docs/events.md explains them (sections 6 and 7). invalid_tin is the vendor's
// on an invoice and the employee's on an onboarding.
const HOLD_SENTENCES = {
  invalid_bin: "The vendor's BIN is not a valid 13-digit BIN",
  invalid_tin: "The vendor's TIN is not a valid 12-digit TIN",
  subtotal_mismatch: 'The subtotal differs from the sum of the lines',
  vat_mismatch: 'The VAT amount differs from the VAT computed from the lines by more than the tolerance',
  total_mismatch: 'The total is not the subtotal plus the VAT amount',
  duplicate_invoice: 'Another invoice with the same vendor and invoice number was received first',
  po_not_found: 'The purchase order it names does not exist',
  po_not_approved: 'The purchase order it names is not approved',
  vendor_mismatch: 'The purchase order it names is for another vendor',
  po_amount_exceeded: "The subtotal exceeds the purchase order's total by more than the tolerance",
  invalid_nid: 'The NID is not 10, 13 or 17 digits',
  invalid_mobile: 'The mobile number is not a Bangladeshi mobile number (01, a digit 3 to 9 and 8 more digits)',
};
const HOLD_SENTENCES_ONBOARDING = { invalid_tin: "The employee's TIN is not a valid 12-digit TIN" };

export function holdSentence(reason, workflow) {
  if (workflow === 'onboarding' && HOLD_SENTENCES_ONBOARDING[reason]) return HOLD_SENTENCES_ONBOARDING[reason];
  return HOLD_SENTENCES[reason] || `Hold reason ${reason}`;
}

// Short names for the hold reasons, for filters and table cells.
const HOLD_SHORT = {
  invalid_bin: 'Invalid BIN', invalid_tin: 'Invalid TIN', subtotal_mismatch: 'Subtotal mismatch',
  vat_mismatch: 'VAT mismatch', total_mismatch: 'Total mismatch', duplicate_invoice: 'Duplicate invoice',
  po_not_found: 'Purchase order not found', po_not_approved: 'Purchase order not approved',
  vendor_mismatch: 'Vendor mismatch', po_amount_exceeded: 'Purchase order amount exceeded',
  invalid_nid: 'Invalid NID', invalid_mobile: 'Invalid mobile number',
};
export const holdShort = (reason) => HOLD_SHORT[reason] || humanize(reason);

// Dead-letter reasons, docs/events.md 8.1.
const DEAD_LETTER_SENTENCES = {
  too_large: 'The message is larger than 1 MiB',
  no_key: 'The message has no key',
  invalid_json: 'The message is not valid JSON in UTF-8',
  not_an_object: 'The message is valid JSON but not an object',
  missing_field: 'A required field is absent, null or empty',
  wrong_type: 'A field has the wrong JSON type or form',
  unknown_type: 'The event type is unknown',
  key_mismatch: 'The message key differs from entity_id',
  wrong_topic: "The event type belongs to another workflow's topic",
  unknown_role: "The actor's role is unknown",
  bad_money: 'An amount of money breaks the money rule',
  bad_quantity: 'A quantity is not a positive integer',
  bad_date: 'A date or time is not valid',
  no_policy: 'The event is older than every loaded policy',
  unknown_category: 'The vendor category is not in the policy',
  bad_vat_rate: "A line's VAT rate is not one of the policy's",
  total_mismatch: "The purchase order's total differs from the sum of its lines",
  poison: 'Deciding the event failed repeatedly',
};
export const deadLetterSentence = (reason) => DEAD_LETTER_SENTENCES[reason] || humanize(reason);

export const yesNo = (flag) => (flag === true ? 'Yes' : flag === false ? 'No' : '—');
