// Onboardings: the list (GET /v1/onboardings) and one onboarding (GET /v1/onboardings/{id}) with
// its four tasks. NID, mobile and TIN are never served, so never shown.
import { html } from '../html.js';
import { uiPath } from '../router.js';
import { STATUSES, TASK_STATUSES, holdShort, statusWords, taskWords } from '../words.js';
import { Countdown, Facts, Status, TableWrap, Time } from '../components/common.js';
import { ListPage } from '../components/list-page.js';
import { EntityPage, Holds, Notifications, Section } from '../components/entity.js';

const link = (id) => html`<a href=${uiPath('onboardings', id)}>${id}</a>`;

// {"account": "completed", "benefits": "overdue", ...} → "1 of 4 completed, 1 overdue".
function taskSummary(tasks) {
  const statuses = Object.values(tasks || {});
  if (statuses.length === 0) return 'Not started';
  const done = statuses.filter((s) => s === 'completed' || s === 'completed_late').length;
  const overdue = statuses.filter((s) => s === 'overdue').length;
  return `${done} of ${statuses.length} completed${overdue ? `, ${overdue} overdue` : ''}`;
}

export const onboardingList = {
  title: 'Onboardings',
  singular: 'onboarding',
  section: 'onboardings',
  api: '/v1/onboardings',
  openById: true,
  sortLabel: 'Start date',
  empty: 'No onboardings match these filters.',
  idOf: (item) => item.employee_id,
  filters: [
    { name: 'status', label: 'Status', type: 'select', options: STATUSES.onboarding.map((s) => [s, statusWords(s)]) },
    { name: 'department', label: 'Department', type: 'text' },
    { name: 'task_status', label: 'Task status', type: 'select', options: TASK_STATUSES.map((s) => [s, statusWords(s)]) },
    { name: 'start_from', label: 'Start date from', type: 'date' },
    { name: 'start_to', label: 'Start date to', type: 'date' },
  ],
  columns: [
    { header: 'Employee', cell: (item) => link(item.employee_id) },
    { header: 'Name', cell: (item) => item.name },
    { header: 'Status', cell: (item) => html`<${Status} value=${item.status} />` },
    { header: 'Department', cell: (item) => item.department },
    { header: 'Position', cell: (item) => item.position },
    { header: 'Tasks', cell: (item) => taskSummary(item.tasks) },
    { header: 'Holds', cell: (item) => (item.hold_reasons.length ? item.hold_reasons.map(holdShort).join(', ') : '—') },
    { header: 'Start date', sort: true, cell: (item) => item.start_date },
  ],
};

export function OnboardingsPage({ location, me }) {
  return html`<${ListPage} config=${onboardingList} location=${location} me=${me} />`;
}

function Tasks({ onboarding }) {
  const tasks = onboarding.tasks || [];
  const next = onboarding.status === 'in_progress'
    ? tasks.filter((t) => t.status === 'pending').sort((a, b) => a.due_at.localeCompare(b.due_at))[0]
    : null;
  return html`<${Section} id="tasks" title="Tasks">
    ${tasks.length === 0 ? html`<p>The tasks start once the identity checks pass.</p>` : html`
      <${TableWrap} label="Task table">
        <table>
          <caption>The onboarding's tasks, earliest due first</caption>
          <thead><tr><th scope="col">Task</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Completed</th></tr></thead>
          <tbody>${tasks.map((task) => html`<tr>
            <th scope="row">${taskWords(task.task)}</th>
            <td><${Time} value=${task.due_at} /></td>
            <td><${Status} value=${task.status} /></td>
            <td>${task.completed_at ? html`<${Time} value=${task.completed_at} />` : '—'}</td>
          </tr>`)}</tbody>
        </table>
      <//>`}
    ${next ? html`<p class="next-action"><strong>Next due:</strong> ${taskWords(next.task)}, <${Time} value=${next.due_at} />,
      <${Countdown} to=${next.due_at} futureText="due in" pastText="past due" />.</p>` : null}
  <//>`;
}

export function OnboardingPage({ id, me }) {
  return html`<${EntityPage} title="Onboarding" api="/v1/onboardings" id=${id} singular="onboarding" entityType="onboarding" me=${me}>
    ${(o) => html`
      <${Section} id="status" title="Status">
        <${Facts} rows=${[
          ['Status', html`<${Status} value=${o.status} />`],
          ['Name', o.name],
          ['Department', o.department],
          ['Position', o.position],
          ['Start date', o.start_date],
          ['Hired', html`<${Time} value=${o.hired_at} />`],
          ['Decided', o.decided_at ? html`<${Time} value=${o.decided_at} />` : 'Not yet'],
          ['Last updated', html`<${Time} value=${o.updated_at} />`],
          ['Policy', o.policy_id],
        ]} />
      <//>
      <${Holds} reasons=${o.hold_reasons} workflow="onboarding" />
      <${Tasks} onboarding=${o} />
      <${Notifications} entity=${o} />`}
  <//>`;
}
