// What the three entity pages share: loading the entity (without its history: a long history is
// paged through the audit trail instead), the sections' frame, approvals, holds, notifications.
import { html } from '../html.js';
import { ApiError, apiGet } from '../api.js';
import { formatDuration } from '../format.js';
import { holdSentence, humanize, roleWords } from '../words.js';
import { Countdown, Loaded, TableWrap, Time, useLoad } from './common.js';
import { Page } from './layout.js';
import { Timeline, useAuditPages } from './timeline.js';
import { hasRole } from '../session.js';

// A plain <section> with its h2. Not a named region: names of regions count as labels for
// assistive technology and tests (getByLabel), and would compete with the controls' labels.
export function Section({ id, title, children }) {
  return html`<section class=${`section-${id}`}>
    <h2 id=${`${id}-heading`}>${title}</h2>
    ${children}
  </section>`;
}

// The page of one entity: h1 "<Title> <id>", then render(entity), then its timeline.
export function EntityPage({ title, api, id, singular, entityType, me, children }) {
  const auditor = hasRole(me, 'auditor');
  // entity_id is matched on its own: keep this entity type's records only.
  const pages = useAuditPages({ entity_id: id }, auditor, (record) => record.entity_type === entityType);
  const state = useLoad(async () => {
    try {
      return await apiGet(`${api}/${encodeURIComponent(id)}`, { history: 'false' });
    } catch (error) {
      throw error instanceof ApiError && error.status === 404 ? new ApiError(404, `No ${singular} ${id}`) : error;
    }
  }, [id]);
  return html`<${Page} title=${`${title} ${id}`}>
    <${Loaded} state=${state}>${(entity) => html`
      ${children(entity)}
      <${Timeline} pages=${pages} me=${me} />`}
    <//>
  <//>`;
}

// Who must act next and by when. The entity answers name the pending role and since when;
// `next_deadline` ({kind, due_at}: the next timer) is shown when the answer has it.
export function NextAction({ entity }) {
  if (entity.status !== 'pending_approval' || !entity.pending_role) return null;
  const tier = entity.tiers_approved + 1;
  const waited = entity.pending_since ? (Date.now() - new Date(entity.pending_since).getTime()) / 1000 : null;
  return html`<div class="next-action">
    <p><strong>Next:</strong> ${roleWords(entity.pending_role)} must approve tier ${tier} of ${entity.tiers_required}${entity.pending_since
      ? html`, waiting since <${Time} value=${entity.pending_since} /> (${formatDuration(waited)})` : null}.</p>
    ${entity.next_deadline ? html`<p><strong>Next deadline:</strong> ${humanize(entity.next_deadline.kind)} due
      <${Time} value=${entity.next_deadline.due_at} />, <${Countdown} to=${entity.next_deadline.due_at} pastText="ago, firing now" />.</p>` : null}
  </div>`;
}

// Each tier of the policy (its role), who approved it and when.
export function Approvals({ entity }) {
  const tiers = entity.tiers || [];
  const approvals = entity.approvals || [];
  const rows = tiers.map((role, index) => {
    const number = index + 1;
    const approval = approvals.find((a) => a.tier === number);
    let state = '—';
    if (approval) state = 'Approved';
    else if (entity.status === 'on_hold') state = 'After the hold is released';
    else if (entity.status === 'pending_approval' && number === entity.tiers_approved + 1) state = 'Waiting';
    else if (entity.status === 'pending_approval') state = 'Not yet';
    else state = 'Not approved';
    return { number, role, approval, state };
  });
  // Approvals that name no tier of the list (none expected): shown all the same.
  const extra = approvals.filter((a) => !(a.tier >= 1 && a.tier <= tiers.length));
  return html`<${Section} id="approvals" title="Approvals">
    ${tiers.length === 0 ? html`<p>No approval tier was required.</p>` : html`
      <${TableWrap} label="Approval tiers">
        <table>
          <caption>Approval tiers: ${entity.tiers_approved} of ${entity.tiers_required} approved</caption>
          <thead><tr><th scope="col">Tier</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Approved by</th><th scope="col">When</th></tr></thead>
          <tbody>
            ${rows.map((row) => html`<tr>
              <th scope="row">${row.number}</th><td>${roleWords(row.role)}</td><td>${row.state}</td>
              <td>${row.approval ? row.approval.actor_id || '—' : '—'}</td>
              <td>${row.approval ? html`<${Time} value=${row.approval.at} />` : '—'}</td>
            </tr>`)}
            ${extra.map((a) => html`<tr>
              <th scope="row">${a.tier ?? '—'}</th><td>${a.role ? roleWords(a.role) : '—'}</td><td>Approved</td>
              <td>${a.actor_id || '—'}</td><td><${Time} value=${a.at} /></td>
            </tr>`)}
          </tbody>
        </table>
      <//>`}
    <${NextAction} entity=${entity} />
  <//>`;
}

export function Holds({ reasons, workflow }) {
  return html`<${Section} id="holds" title="Holds">
    ${reasons && reasons.length > 0
      ? html`<ul class="holds">${reasons.map((reason) => html`<li><span class="code">${reason}</span>: ${holdSentence(reason, workflow)}</li>`)}</ul>`
      : html`<p>No holds.</p>`}
  <//>`;
}

// Notifications, when the entity answer carries them (today's answers do not).
export function Notifications({ entity }) {
  if (!Array.isArray(entity.notifications)) return null;
  return html`<${Section} id="notifications" title="Notifications">
    ${entity.notifications.length === 0 ? html`<p>No notifications.</p>` : html`
      <${TableWrap} label="Notification table">
        <table>
          <caption>Notifications sent about this entity</caption>
          <thead><tr><th scope="col">Type</th><th scope="col">To</th><th scope="col">When</th></tr></thead>
          <tbody>${entity.notifications.map((n) => html`<tr>
            <th scope="row">${n.type}</th><td>${n.to_role ? roleWords(n.to_role) : '—'}</td>
            <td><${Time} value=${n.created_at || n.occurred_at || n.at} /></td></tr>`)}</tbody>
        </table>
      <//>`}
  <//>`;
}

