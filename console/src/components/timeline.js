// An entity's timeline: its audit records from GET /v1/audit?entity_id=..., a page of 100 at a
// time ("Load more"), each record's hash recomputed in the browser (docs/audit.md). The audit
// trail needs the role auditor; a viewer is told so and nothing is requested.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { apiGet } from '../api.js';
import { hasRole } from '../session.js';
import { verifyRecords } from '../audit-hash.js';
import { abbreviateHash } from '../format.js';
import { roleWords, statusWords } from '../words.js';
import { CopyButton, ErrorMessage, LoadMore, Loading, Time, useFocusNew } from './common.js';

const PAGE = 100;

export function Hash({ value, label }) {
  return html`<code class="hash" title=${value}>${abbreviateHash(value)}</code>
    <${CopyButton} text=${value} label=${`Copy the full hash of ${label}`} />`;
}

// What the verification mark says, and a sentence on what was checked.
function Verification({ result, count }) {
  if (count === 0) return null;
  if (!result || result.count !== count) {
    return html`<p role="status" data-testid="timeline-verification" class="verification">Checking the hashes…</p>`;
  }
  if (result.error) {
    return html`<p role="alert" data-testid="timeline-verification" class="verification bad">Not checked: ${result.error}</p>`;
  }
  if (!result.ok) {
    const { record, problem } = result.failure;
    return html`<p role="alert" data-testid="timeline-verification" class="verification bad">
      Does not verify: record ${record.chain} #${record.seq} (${record.action}): ${problem}</p>`;
  }
  return html`
    <p role="status" data-testid="timeline-verification" class="verification good">Verified: ${count === 1 ? '1 record' : `${count} records`}, hashes recomputed</p>
    <p class="hint">Each loaded record's hash was recomputed in this browser as SHA-256 of its prev_hash and its
      canonical JSON, and matched; ${result.links === 1 ? '1 link' : `${result.links} links`} between consecutive
      records of a chain were checked too. Records not loaded yet are not checked here; the Audit page verifies
      the whole trail on the server.</p>`;
}

function Record({ record }) {
  const label = `${record.chain} #${record.seq}`;
  const statuses = record.status_before || record.status_after
    ? `${record.status_before ? statusWords(record.status_before) : '(new)'} → ${record.status_after ? statusWords(record.status_after) : '—'}`
    : null;
  return html`<li class="record" tabindex="-1">
    <p class="record-head"><strong class="action">${record.action}</strong> <${Time} value=${record.occurred_at} seconds /></p>
    <dl class="facts compact">
      <div class="fact"><dt>Actor</dt><dd>${record.actor_id || '—'}${record.actor_role ? ` (${roleWords(record.actor_role)})` : ''}</dd></div>
      ${statuses ? html`<div class="fact"><dt>Status</dt><dd>${statuses}</dd></div>` : null}
      <div class="fact"><dt>Chain</dt><dd><code>${record.chain}</code> <code>#${record.seq}</code></dd></div>
      <div class="fact"><dt>Hash</dt><dd><${Hash} value=${record.hash} label=${label} /></dd></div>
    </dl>
    <details>
      <summary>Detail of ${label}</summary>
      <pre class="payload">${JSON.stringify(record.detail, null, 2)}</pre>
      <p class="hint">Recorded <${Time} value=${record.recorded_at} seconds />; event ${record.event_id || '(none: a deadline or an operator)'}; prev_hash <code>${record.prev_hash}</code></p>
    </details>
  </li>`;
}

// Pages of GET /v1/audit with these filters, 100 records at a time: {records, next, loading,
// error, loadMore}. Not called at all when enabled is false (a viewer may not read the trail).
export function useAuditPages(params, enabled = true, keep = () => true) {
  const [state, setState] = useState({ records: [], next: null, loading: enabled, error: null, loaded: false });
  const load = async (cursor) => {
    setState((old) => ({ ...old, loading: true, error: null }));
    try {
      const page = await apiGet('/v1/audit', { ...params, limit: PAGE, cursor });
      const mine = page.records.filter(keep);
      setState((old) => ({ records: [...old.records, ...mine], next: page.next, loading: false, error: null, loaded: true }));
    } catch (error) {
      setState((old) => ({ ...old, loading: false, error }));
    }
  };
  useEffect(() => {
    if (enabled) load(null);
  }, []);
  return { ...state, loadMore: () => state.next && load(state.next) };
}

function TimelineRecords({ pages }) {
  const [result, setResult] = useState(null);
  const [list, loadMore] = useFocusNew(pages.records.length, pages.loadMore);
  const known = useRef(new Map());

  useEffect(() => {
    const records = pages.records;
    if (records.length === 0) return undefined;
    let live = true;
    verifyRecords(records, known.current).then(
      (verdict) => live && setResult({ ...verdict, count: records.length }),
      (error) => live && setResult({ count: records.length, error: error.message || String(error) }),
    );
    return () => {
      live = false;
    };
  }, [pages.records]);

  return html`
    <${Verification} result=${result} count=${pages.records.length} />
    ${pages.records.length > 0
      ? html`<ol class="timeline" ref=${list}>${pages.records.map((record) => html`<${Record} key=${`${record.chain}#${record.seq}`} record=${record} />`)}</ol>`
      : pages.loaded && !pages.error ? html`<p class="empty">No audit records.</p>` : null}
    ${pages.loading ? html`<${Loading} />` : null}
    <${ErrorMessage} error=${pages.error} />
    ${pages.next ? html`<${LoadMore} busy=${pages.loading} onClick=${loadMore} />` : null}`;
}

// The timeline section; pages comes from useAuditPages (the entity page shares it with the
// sections that read the records, such as an invoice's payments).
export function Timeline({ pages, me }) {
  return html`<section class="section-timeline">
    <h2 id="timeline-heading">Timeline</h2>
    ${hasRole(me, 'auditor')
      ? html`<${TimelineRecords} pages=${pages} />`
      : html`<p>The timeline is read from the audit trail, which needs the auditor role; you are signed in as ${me.role}.</p>`}
  </section>`;
}
