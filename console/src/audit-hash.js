// Checking audit records in the browser, as docs/audit.md ("The hash, precisely") defines them:
// hash = lowercase hex SHA-256 of the UTF-8 bytes of prev_hash followed by the record's RFC 8785
// canonical JSON without `hash`. Pure module (no browser or package imports) so that
// `node --test console/test/` checks it against the worked example of docs/audit.md.

import { sha256Hex } from './sha256.js';

// RFC 8785 for what an audit record holds (strings, integers, booleans, null, arrays, objects):
// members sorted by UTF-16 code units (JavaScript's default sort), no whitespace, strings as
// JSON.stringify writes them (RFC 8785 defines its string form as ECMAScript's).
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new Error(`the record holds the number ${value}, which is not a safe integer`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

// The text that is hashed: prev_hash, then the canonical record without `hash`.
export function hashedText(record) {
  const { hash, ...rest } = record;
  return String(record.prev_hash) + canonicalJson(rest);
}

export async function recomputeHash(record) {
  return sha256Hex(hashedText(record));
}

// Checks loaded records: every record's hash is recomputed; and where two loaded records of the
// same chain have consecutive seqs, the later one's prev_hash must be the earlier one's hash.
// An entity's records are spread over its chain between other entities' records, so links are
// checked only where both ends are loaded. Returns {ok, checked, links, failure}, failure naming
// the first record that does not verify.
// `known` (optional) maps "chain#seq" to hashes recomputed before, so that "Load more" recomputes
// only the new page.
export async function verifyRecords(records, known = new Map()) {
  const bySeq = new Map();
  for (const record of records) bySeq.set(`${record.chain}#${record.seq}`, record);
  let links = 0;
  for (const record of records) {
    const key = `${record.chain}#${record.seq}`;
    if (!known.has(key)) known.set(key, await recomputeHash(record));
    const computed = known.get(key);
    if (computed !== record.hash) {
      return { ok: false, checked: records.length, links, failure: { record, problem: `its hash is ${record.hash} but SHA-256 of prev_hash and its canonical text is ${computed}` } };
    }
    const previous = bySeq.get(`${record.chain}#${record.seq - 1}`);
    if (previous) {
      links += 1;
      if (previous.hash !== record.prev_hash) {
        return { ok: false, checked: records.length, links, failure: { record, problem: `its prev_hash ${record.prev_hash} is not the hash ${previous.hash} of ${record.chain} #${previous.seq}` } };
      }
    }
    if (record.seq === 1 && !/^0{64}$/.test(record.prev_hash)) {
      return { ok: false, checked: records.length, links, failure: { record, problem: 'it is the first of its chain but its prev_hash is not 64 zeros' } };
    }
  }
  return { ok: true, checked: records.length, links, failure: null };
}
