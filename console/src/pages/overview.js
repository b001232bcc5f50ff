// The overview: counts by status, what waits for approval, what is overdue, recent dead letters,
// the service's health and the audit trail's last verification. Each section loads on its own, so
// one failing source does not hide the others.
import { html } from '../html.js';
import { apiGet, publicGet } from '../api.js';
import { uiPath, withQuery } from '../router.js';
import { dhakaLocalToRfc3339, formatCount, formatDuration, formatTime, rfc3339ToDhakaLocal } from '../format.js';
import { STATUSES, roleWords, statusWords, taskWords, workflowWords } from '../words.js';
import { Facts, Loaded, TableWrap, Time, useLoad } from '../components/common.js';
import { Section } from '../components/entity.js';
import { Page } from '../components/layout.js';
import { BreakDetails } from './audit.js';

const SECTION_OF = { purchase_order: 'purchase-orders', invoice: 'invoices', onboarding: 'onboardings' };
const entityLink = (workflow, id) => html`<a href=${uiPath(SECTION_OF[workflow], id)}>${id}</a>`;

// The longest waiting and the earliest overdue items named on the page.
const NAMED = 5;

function Counts({ summary }) {
  return html`<div class="count-tables">
    ${['purchase_order', 'invoice', 'onboarding'].map((workflow) => {
      const counts = summary.counts[workflow] || {};
      const statuses = [...STATUSES[workflow], ...Object.keys(counts).filter((s) => !STATUSES[workflow].includes(s))];
      const title = { purchase_order: 'Purchase orders', invoice: 'Invoices', onboarding: 'Onboardings' }[workflow];
      return html`<${TableWrap} label=${`${title} by status`}>
        <table class="counts">
          <caption>${title}</caption>
          <thead><tr><th scope="col">Status</th><th scope="col" class="numeric">Count</th></tr></thead>
          <tbody>${statuses.map((status) => html`<tr>
            <th scope="row"><a href=${withQuery(uiPath(SECTION_OF[workflow]), { status })}>${statusWords(status)}</a></th>
            <td class="numeric">${formatCount(counts[status] ?? 0)}</td></tr>`)}</tbody>
        </table>
      <//>`;
    })}
  </div>`;
}

// By workflow and role (GET /v1/summary counts them exactly), then the longest waiting by name.
function PendingApprovals({ data }) {
  const { byRole, longest } = data;
  if (byRole.length === 0) return html`<p class="empty">Nothing waits for an approval.</p>`;
  const rows = [...byRole].sort((a, b) => b.oldest_age_seconds - a.oldest_age_seconds);
  return html`
    <${TableWrap} label="Pending approvals by role">
      <table>
        <caption>Purchase orders and invoices waiting for an approval, by role</caption>
        <thead><tr><th scope="col">Role</th><th scope="col">Of</th><th scope="col" class="numeric">Waiting</th><th scope="col">Oldest waiting for</th><th scope="col">Since</th></tr></thead>
        <tbody>${rows.map((row) => html`<tr>
          <th scope="row">${roleWords(row.role)}</th>
          <td>${workflowWords(row.workflow)}</td>
          <td class="numeric">${formatCount(row.count)}</td>
          <td>${formatDuration(row.oldest_age_seconds)}</td>
          <td><${Time} value=${row.oldest_since} /></td>
        </tr>`)}</tbody>
      </table>
    <//>
    <${TableWrap} label="Longest waiting">
      <table>
        <caption>The ${longest.length} longest waiting</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">Waits for</th><th scope="col">Waiting for</th><th scope="col">Next deadline</th></tr></thead>
        <tbody>${longest.map((item) => html`<tr>
          <th scope="row">${workflowWords(item.workflow)} ${entityLink(item.workflow, item.entity_id)}</th>
          <td>${roleWords(item.pending_role)}</td>
          <td>${formatDuration(item.age_seconds)}</td>
          <td>${item.next_deadline ? html`${item.next_deadline.kind}, <${Time} value=${item.next_deadline.due_at} />` : '—'}</td>
        </tr>`)}</tbody>
      </table>
    <//>`;
}

function Overdue({ data }) {
  const { byWorkflow, earliest } = data;
  const total = byWorkflow.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return html`<p class="empty">Nothing is overdue.</p>`;
  const now = Date.now();
  const count = (workflow) => (byWorkflow.find((entry) => entry.workflow === workflow) || { count: 0 }).count;
  return html`
    <p><strong>${formatCount(total)}</strong> overdue: ${formatCount(count('invoice'))} unpaid invoices past their due date and
      ${formatCount(count('onboarding'))} overdue onboarding tasks. The earliest:</p>
    <${TableWrap} label="Earliest overdue table">
      <table>
        <caption>The ${earliest.length} earliest overdue items</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">What</th><th scope="col">Due</th><th scope="col">Overdue by</th></tr></thead>
        <tbody>${earliest.map((item) => html`<tr>
          <th scope="row">${workflowWords(item.workflow)} ${entityLink(item.workflow, item.entity_id)}</th>
          <td>${taskWords(item.item)}</td>
          <td><${Time} value=${item.due_at} /></td>
          <td>${formatDuration((now - new Date(item.due_at).getTime()) / 1000)}</td>
        </tr>`)}</tbody>
      </table>
    <//>`;
}

function DeadLetters({ summary }) {
  // The API takes a time with an offset: 24 hours ago, to the minute, in Dhaka time.
  const since = dhakaLocalToRfc3339(rfc3339ToDhakaLocal(new Date(Date.now() - 24 * 3600 * 1000)));
  const n = summary.dead_letters_last_24h;
  return html`<p><strong>${formatCount(n)}</strong> ${n === 1 ? 'dead letter' : 'dead letters'} received in the last 24 hours.</p>
    <p class="links"><a href=${withQuery(uiPath('dead-letters'), { since })}>Show those of the last 24 hours</a>
      <a href=${uiPath('dead-letters')}>Open the list of all of them</a></p>`;
}

// Ready as /health/ready would say (its 503 would be a failed request in the browser); the lag is
// what /health sums over this process's partitions.
function Service({ health }) {
  const ready = health.status === 'ok';
  const lag = health.consumer_lag;
  return html`<${Facts} rows=${[
    ['Ready', html`<span class=${ready ? 'good' : 'bad'}>${ready ? 'Ready' : `Not ready (${health.status})`}</span>`],
    ['PostgreSQL', health.checks.postgres],
    ['Kafka', health.checks.kafka],
    ['Consumer lag', `${formatCount(lag)} ${lag === 1 ? 'message' : 'messages'} behind (the partitions of the process that answered)`],
  ]} />
  ${health.problems.length > 0 ? html`<ul class="problems">${health.problems.map((p) => html`<li><strong>${p.check}</strong>: ${p.reason}. Fix: ${p.fix}</li>`)}</ul>` : null}`;
}

function AuditTrail({ summary }) {
  const last = summary.last_verification;
  if (!last) return html`<p>The audit trail was never verified.</p>`;
  return html`<p>Last verified <time datetime=${last.verified_at}>${formatTime(last.verified_at)}</time> by ${last.verified_by}:${" "}
    ${last.ok ? html`<span class="good">it verified</span> (${formatCount(last.chains)} chains, ${formatCount(last.records)} records).`
      : html`<span class="bad">it did not verify</span>; the first break:`}</p>
    ${last.ok ? null : html`<${BreakDetails} first=${last.first_break} />`}`;
}

export function OverviewPage() {
  const summary = useLoad(() => apiGet('/v1/summary'), []);
  const longest = useLoad(() => apiGet('/v1/pending-approvals', { limit: NAMED }), []);
  const earliest = useLoad(() => apiGet('/v1/overdue', { limit: NAMED }), []);
  const service = useLoad(() => publicGet('/health'), []);
  // The summary's counts beside the first page of the list they count.
  const withPage = (page, render) => (totals) => html`<${Loaded} state=${page}>${(data) => render(totals, data.items)}<//>`;
  return html`<${Page} title="Overview">
    <${Section} id="counts" title="Counts by status"><${Loaded} state=${summary}>${(data) => html`<${Counts} summary=${data} />`}<//><//>
    <${Section} id="pending" title="Pending approvals"><${Loaded} state=${summary}>${withPage(longest,
      (totals, items) => html`<${PendingApprovals} data=${{ byRole: totals.pending_approvals, longest: items }} />`)}<//><//>
    <${Section} id="overdue" title="Overdue"><${Loaded} state=${summary}>${withPage(earliest,
      (totals, items) => html`<${Overdue} data=${{ byWorkflow: totals.overdue, earliest: items }} />`)}<//><//>
    <${Section} id="dead-letters" title="Dead letters"><${Loaded} state=${summary}>${(data) => html`<${DeadLetters} summary=${data} />`}<//><//>
    <${Section} id="service" title="Service"><${Loaded} state=${service}>${(data) => html`<${Service} health=${data} />`}<//><//>
    <${Section} id="audit-trail" title="Audit trail"><${Loaded} state=${summary}>${(data) => html`<${AuditTrail} summary=${data} />`}<//><//>
  <//>`;
}
