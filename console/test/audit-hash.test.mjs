// The browser's check of audit records against docs/audit.md's worked example and the chain ops
// of docs/events.md; and the stand-in SHA-256 against Node's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, recomputeHash, verifyRecords } from '../src/audit-hash.js';
import { sha256Bytes } from '../src/sha256.js';

const cancelled = {"action":"cancelled","actor_id":"u-1003","actor_role":"requester","chain":"erp.purchase-orders/3","detail":{"policy_id":"bd-default-2025-07-01","reason":"moved online"},"entity_id":"PO-2025-000125","entity_type":"purchase_order","event_id":"9c8b7a6d-5e4f-4d3c-9b2a-1f0e9d8c7b02","hash":"91fc4002285bcd87aab038a0b8c1ad486c47639d487f0d79b6d8a0b385c22b40","occurred_at":"2025-09-19T04:00:00.000000Z","prev_hash":"2306e9d3670892d8a62f074263f47f9d74d8c478c8ac8a9731c02860b65a8cc5","recorded_at":"2025-09-19T04:00:01.256928Z","seq":2,"status_after":"cancelled","status_before":"pending_approval"};
const ops1 = {"action":"redriven","actor_id":"ops-rahim","actor_role":"operator","chain":"ops","detail":{"dead_letter_ids":[41,42],"dry_run":true,"reason":"checking before the fix (CHG-1042)"},"entity_id":"batch","entity_type":"dead_letter","event_id":null,"hash":"0ee75fdb8d8ff15ecf5158e179e2164ac1592f019f96e1262a4f9bca5c9faee8","occurred_at":"2025-09-22T05:10:41.204517Z","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","recorded_at":"2025-09-22T05:10:41.204517Z","seq":1,"status_after":null,"status_before":null};
const ops2 = {"action":"redriven","actor_id":"ops-rahim","actor_role":"operator","chain":"ops","detail":{"dead_letter_ids":[41,42],"dry_run":false,"reason":"consultancy added to the policy (CHG-1042)"},"entity_id":"batch","entity_type":"dead_letter","event_id":null,"hash":"492a1d898f1a9410d060f630d0a616e428fb52d0fa0f4c79e9a6fc667b264ce1","occurred_at":"2025-09-22T05:12:09.482113Z","prev_hash":"0ee75fdb8d8ff15ecf5158e179e2164ac1592f019f96e1262a4f9bca5c9faee8","recorded_at":"2025-09-22T05:12:09.482113Z","seq":2,"status_after":null,"status_before":null};

test('canonical JSON sorts members at every level and has no whitespace', () => {
  assert.equal(canonicalJson({ b: [2, { d: 1, c: 'x' }], a: null, 'é': 'বাংলা', q: 'a"b\\c\n' }),
    '{"a":null,"b":[2,{"c":"x","d":1}],"q":"a\\"b\\\\c\\n","é":"বাংলা"}');
  assert.throws(() => canonicalJson({ x: 1.5 }));
});

test("the worked example of docs/audit.md recomputes to its hash", async () => {
  assert.equal(await recomputeHash(cancelled), cancelled.hash);
});

test('the chain ops of docs/events.md verifies, links included', async () => {
  assert.deepEqual(await verifyRecords([ops1, ops2]), { ok: true, checked: 2, links: 1, failure: null });
});

test('a changed record, or a broken link, does not verify and is named', async () => {
  const changed = { ...ops2, detail: { ...ops2.detail, reason: 'something else' } };
  const result = await verifyRecords([ops1, changed]);
  assert.equal(result.ok, false);
  assert.equal(result.failure.record.seq, 2);
  assert.match(result.failure.problem, /hash/);
});

test('the stand-in SHA-256 agrees with Node on lengths around the block size', () => {
  for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
    const bytes = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
    const ours = Buffer.from(sha256Bytes(bytes)).toString('hex');
    assert.equal(ours, createHash('sha256').update(bytes).digest('hex'), `length ${length}`);
  }
});
