-- v_pending_approvals is counted by every process every 2 s (the vextrus_pending_approvals
-- gauge) and read by the dashboards: without these it scanned purchase_orders and invoices
-- whole, a cost growing with every entity ever decided (132 ms at 2,000,000 orders, against
-- 42 ms reading only the 100,000 pending ones through the index; bench/README.md). Built in the
-- migrations' transaction like 008: no released schema lacks it.
CREATE INDEX purchase_orders_pending_approval ON purchase_orders (po_id) WHERE status = 'pending_approval';
CREATE INDEX invoices_pending_approval ON invoices (invoice_id) WHERE status = 'pending_approval';
