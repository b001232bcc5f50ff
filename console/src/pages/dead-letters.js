// Dead letters: the list (GET /v1/dead-letters) and one dead letter with its original payload
// (GET /v1/dead-letters/{id}); operators also get the re-drive forms.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { ApiError, apiGet } from '../api.js';
import { uiPath } from '../router.js';
import { hasRole } from '../session.js';
import { DEAD_LETTER_REASONS, deadLetterSentence } from '../words.js';
import { Facts, Loaded, Time, useLoad } from '../components/common.js';
import { ListPage } from '../components/list-page.js';
import { Section } from '../components/entity.js';
import { Page } from '../components/layout.js';
import { RedriveForm } from '../components/redrive.js';

const FILTER_NAMES = ['reason', 'topic', 'since', 'until'];

// The re-drive of the set the list's filters match (POST /v1/dead-letters/redrive). The API
// refuses an empty filter (a re-drive of everything is never what was meant), so the form asks
// for one first.
function RedriveThese({ query, me, reload }) {
  if (!hasRole(me, 'operator')) return null;
  const filter = {};
  for (const name of FILTER_NAMES) if (query[name]) filter[name] = query[name];
  const names = Object.keys(filter);
  if (names.length === 0) {
    return html`<${Section} id="redrive-these" title="Re-drive these">
      <p>Apply at least one filter (Reason, Topic, Since or Until) to re-drive the dead letters it matches.</p>
    <//>`;
  }
  const scope = JSON.stringify(filter);
  const described = names.map((name) => `${name} ${filter[name]}`).join(', ');
  return html`<${RedriveForm} key=${scope} id="redrive-these" title="Re-drive these" endpoint="/v1/dead-letters/redrive"
    filter=${filter} scope=${scope} onDone=${reload}
    intro=${`Re-publishes every dead letter these filters match (${described}), on every page, up to 10,000 at once.`} />`;
}

export const deadLetterList = {
  title: 'Dead letters',
  singular: 'dead letter',
  section: 'dead-letters',
  api: '/v1/dead-letters',
  openById: false,
  empty: 'No dead letters match these filters.',
  idOf: (item) => item.id,
  filters: [
    { name: 'reason', label: 'Reason', type: 'select', options: DEAD_LETTER_REASONS.map((r) => [r, r]) },
    { name: 'topic', label: 'Topic', type: 'text', hint: 'The input topic, such as erp.invoices' },
    { name: 'since', label: 'Since', type: 'datetime' },
    { name: 'until', label: 'Until', type: 'datetime' },
  ],
  columns: [
    { header: 'Id', cell: (item) => html`<a href=${uiPath('dead-letters', String(item.id))}>${item.id}</a>` },
    { header: 'Reason', cell: (item) => html`<span class="code">${item.reason}</span>` },
    { header: 'Detail', cell: (item) => html`<span class="detail-text">${item.detail}</span>` },
    { header: 'Topic / partition / offset', cell: (item) => html`<code>${item.topic}/${item.partition} @ ${item.offset}</code>` },
    { header: 'Received', cell: (item) => html`<${Time} value=${item.received_at} />` },
    { header: 'Re-drives', numeric: true, cell: (item) => String(item.redrives) },
  ],
  after: (props) => html`<${RedriveThese} ...${props} />`,
};

export function DeadLettersPage({ location, me }) {
  return html`<${ListPage} config=${deadLetterList} location=${location} me=${me} />`;
}

// The payload indented, when it is a JSON text (most dead letters are events with one fault);
// still text, never markup.
function Formatted({ letter }) {
  if (letter.payload_encoding === 'base64') return null;
  let indented;
  try {
    indented = JSON.stringify(JSON.parse(letter.payload), null, 2);
  } catch {
    return null;
  }
  return html`<details class="formatted">
    <summary>The payload indented as JSON</summary>
    <pre class="payload">${indented}</pre>
  </details>`;
}

export function DeadLetterPage({ id, me }) {
  const [round, setRound] = useState(0);
  const state = useLoad(async () => {
    try {
      return await apiGet(`/v1/dead-letters/${encodeURIComponent(id)}`);
    } catch (error) {
      throw error instanceof ApiError && error.status === 404 ? new ApiError(404, `No dead letter ${id}`) : error;
    }
  }, [id, round], { keep: true });
  return html`<${Page} title=${`Dead letter ${id}`}>
    <${Loaded} state=${state}>${(letter) => html`
      <${Section} id="status" title="What went wrong">
        <${Facts} rows=${[
          ['Id', String(letter.id)],
          ['Reason', html`<span class="code">${letter.reason}</span>: ${deadLetterSentence(letter.reason)}`],
          ['Detail', letter.detail],
          ['Topic', html`<code>${letter.topic}</code>`],
          ['Partition', String(letter.partition)],
          ['Offset', String(letter.offset)],
          ['Received', html`<${Time} value=${letter.received_at} seconds />`],
          ['Re-drives', String(letter.redrives)],
        ]} />
      <//>
      <${Section} id="payload" title="Payload">
        <p>${letter.payload_encoding === 'base64'
          ? 'The original message is not UTF-8 text; it is shown in base64.'
          : 'The original message, byte for byte, as text.'}</p>
        <div class="table-wrap" role="region" aria-label="Payload text" tabindex="0">
          <pre class="payload" data-testid="payload">${letter.payload}</pre>
        </div>
        <${Formatted} letter=${letter} />
      <//>
      ${hasRole(me, 'operator') ? html`<${RedriveForm} id="redrive" title="Re-drive" endpoint=${`/v1/dead-letters/${encodeURIComponent(id)}/redrive`}
        intro="Re-publishes this message's original bytes to its topic with its key; the service then decides it like any other event."
        onDone=${() => setRound((n) => n + 1)} />` : null}`}
    <//>
  <//>`;
}
