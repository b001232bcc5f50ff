// The audit trail (auditors and operators): verify it on the server, export some days of it, and
// read the operators' actions (the chain ops). A viewer who opens /ui/audit directly is told the
// page needs another role, and nothing is requested.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { apiGet } from '../api.js';
import { hasRole } from '../session.js';
import { uiPath } from '../router.js';
import { dhakaDay, formatCount } from '../format.js';
import { downloadFromApi } from '../download.js';
import { ErrorMessage, LoadMore, Loading, TableWrap, Time, useFocusNew } from '../components/common.js';
import { Section } from '../components/entity.js';
import { Page } from '../components/layout.js';
import { useAuditPages } from '../components/timeline.js';

function verificationText(result) {
  if (result.ok) return `The trail verifies: ${result.chains} chains, ${result.records} records`;
  return 'The trail does not verify';
}

export function BreakDetails({ first }) {
  if (!first) return null;
  return html`<dl class="facts compact break">
    <div class="fact"><dt>Chain</dt><dd><code>${first.chain}</code></dd></div>
    <div class="fact"><dt>Sequence</dt><dd><code>#${first.seq}</code></dd></div>
    <div class="fact"><dt>Expected</dt><dd><code class="wrap">${first.expected}</code></dd></div>
    <div class="fact"><dt>Found</dt><dd><code class="wrap">${first.found}</code></dd></div>
  </dl>`;
}

function Verify() {
  const [state, setState] = useState({ busy: false, result: null, error: null });
  const run = async () => {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await apiGet('/v1/audit/verify'), error: null });
    } catch (error) {
      setState({ busy: false, result: null, error });
    }
  };
  const result = state.result;
  return html`<${Section} id="verify" title="Verification">
    <p>Checks every chain on the server (sequence, links, canonical text and hashes); each verification is recorded with your name.</p>
    <button type="button" onClick=${() => !state.busy && run()} aria-disabled=${state.busy ? 'true' : undefined}>Verify the trail</button>
    <div role="status" class=${`verification${result ? (result.ok ? ' good' : ' bad') : ''}`} data-testid="verify-result">
      ${state.busy ? 'Verifying… (this reads every record)' : result ? html`<p>${verificationText(result)}</p>
        ${!result.ok ? html`<p>First break: record <code>${result.first_break ? `${result.first_break.chain} #${result.first_break.seq}` : 'unknown'}</code></p>
          <${BreakDetails} first=${result.first_break} />` : null}` : null}
    </div>
    <${ErrorMessage} error=${state.error} />
  <//>`;
}

function Export() {
  const today = dhakaDay(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [format, setFormat] = useState('ndjson');
  const [state, setState] = useState({ busy: false, done: '', error: null });
  const submit = async (event) => {
    event.preventDefault();
    setState({ busy: true, done: '', error: null });
    try {
      const file = await downloadFromApi('/v1/audit/export', {
        params: { from, to, format },
        accept: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
        fallbackName: `audit-${from}-${to}.${format}`,
      });
      setState({ busy: false, done: `Downloaded ${file.name} (${formatCount(file.size)} bytes).`, error: null });
    } catch (error) {
      setState({ busy: false, done: '', error });
    }
  };
  return html`<${Section} id="export" title="Export">
    <p>The records recorded on these days (Asia/Dhaka, both included), the chain ops included. An NDJSON export verifies
      with <code>vextrus-flow audit verify --file</code> or <code>tools/verify_audit_export.py</code>.</p>
    <form aria-labelledby="export-heading" class="inline-form" onSubmit=${submit}>
      <div class="fields">
        <div class="field"><label for="export-from">From</label>
          <input id="export-from" type="date" required value=${from} onInput=${(e) => setFrom(e.currentTarget.value)} /></div>
        <div class="field"><label for="export-to">To</label>
          <input id="export-to" type="date" required min=${from} value=${to} onInput=${(e) => setTo(e.currentTarget.value)} /></div>
        <div class="field"><label for="export-format">Format</label>
          <select id="export-format" value=${format} onChange=${(e) => setFormat(e.currentTarget.value)}>
            <option value="ndjson">NDJSON</option>
            <option value="csv">CSV</option>
          </select></div>
      </div>
      <div class="actions"><button type="submit" disabled=${state.busy}>Export</button></div>
    </form>
    <p role="status" class="result">${state.busy ? 'Exporting…' : state.done}</p>
    <${ErrorMessage} error=${state.error} />
  <//>`;
}

// GET /v1/audit?chain=ops, oldest first, a page at a time.
function OperatorActions() {
  const state = useAuditPages({ chain: 'ops' });
  const [rows, loadMore] = useFocusNew(state.records.length, state.loadMore);
  return html`<${Section} id="operator-actions" title="Operator actions">
    <p>Every re-drive of dead letters, dry runs included, oldest first: who did it and why.</p>
    ${state.records.length > 0 ? html`<${TableWrap} label="Re-drive records table">
      <table>
        <caption>Operator actions (audit chain ops)</caption>
        <thead><tr><th scope="col">Sequence</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Entity</th><th scope="col">Reason</th></tr></thead>
        <tbody ref=${rows}>${state.records.map((r) => html`<tr key=${r.seq}>
          <th scope="row" tabindex="-1"><code>#${r.seq}</code></th>
          <td><${Time} value=${r.occurred_at} /></td>
          <td>${r.actor_id || '—'}</td>
          <td>${r.action}${r.detail && r.detail.dry_run ? ' (dry run)' : ''}${r.detail && Array.isArray(r.detail.dead_letter_ids)
            ? `: ${r.detail.dead_letter_ids.length === 1 ? '1 dead letter' : `${r.detail.dead_letter_ids.length} dead letters`}` : ''}</td>
          <td>${r.entity_type === 'dead_letter' && /^\d+$/.test(r.entity_id)
            ? html`<a href=${uiPath('dead-letters', r.entity_id)}>Dead letter ${r.entity_id}</a>` : r.entity_id}</td>
          <td>${r.detail && r.detail.reason ? r.detail.reason : '—'}</td>
        </tr>`)}</tbody>
      </table>
    <//>` : state.loaded && !state.error ? html`<p class="empty">No operator actions yet.</p>` : null}
    ${state.loading ? html`<${Loading} />` : null}
    <${ErrorMessage} error=${state.error} />
    ${state.next ? html`<${LoadMore} busy=${state.loading} onClick=${loadMore} />` : null}
  <//>`;
}

export function AuditPage({ me }) {
  if (!hasRole(me, 'auditor')) {
    return html`<${Page} title="Audit">
      <p>The audit trail needs the role auditor or operator; you are signed in as ${me.role}.</p>
    <//>`;
  }
  return html`<${Page} title="Audit">
    <${Verify} />
    <${Export} />
    <${OperatorActions} />
  <//>`;
}
