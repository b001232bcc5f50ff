// A list of the API (purchase orders, invoices, onboardings, dead letters): open by id, filters,
// the table, newest/oldest first and pages by the API's cursor. The URL's query string is the
// API's query string (same names, same values), so a view can be bookmarked or opened directly;
// a parameter the API does not take is passed on as well and the API's 400 names it.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { ApiError, apiGet } from '../api.js';
import { navigate, readQuery, uiPath, withQuery } from '../router.js';
import { dhakaLocalToRfc3339, rfc3339ToDhakaLocal } from '../format.js';
import { ErrorMessage, Loaded, TableWrap, useLoad } from './common.js';
import { Page } from './layout.js';

// The "Search by id" form: opens the entity's page, or says there is no such entity.
export function OpenById({ section, api, singular }) {
  const [id, setId] = useState('');
  const [state, setState] = useState({ busy: false, error: null });
  const submit = async (event) => {
    event.preventDefault();
    const wanted = id.trim();
    if (!wanted) return;
    setState({ busy: true, error: null });
    try {
      // Read to its end: a body left unread keeps the request open until the next page load.
      await apiGet(`${api}/${encodeURIComponent(wanted)}`, { history: 'false' });
      navigate(uiPath(section, wanted));
    } catch (error) {
      const shown = error instanceof ApiError && error.status === 404 ? new ApiError(404, `No ${singular} ${wanted}`) : error;
      setState({ busy: false, error: shown });
    }
  };
  const inputId = `open-${section}`;
  return html`
    <form role="search" class="open-by-id" onSubmit=${submit}>
      <label for=${inputId}>Search by id</label>
      <input id=${inputId} type="search" required value=${id} autocomplete="off" spellcheck="false"
        onInput=${(event) => setId(event.currentTarget.value)} />
      <button type="submit" disabled=${state.busy}>Open</button>
    </form>
    ${state.busy ? html`<p role="status" class="loading">Opening…</p>` : null}
    <${ErrorMessage} error=${state.error} />`;
}

// The value a control shows for a query parameter, and back.
function toControl(filter, value) {
  if (value === undefined) return '';
  return filter.type === 'datetime' ? rfc3339ToDhakaLocal(value) || value : value;
}
function fromControl(filter, value) {
  return filter.type === 'datetime' ? dhakaLocalToRfc3339(value) : value.trim();
}

function FilterControl({ filter, value, onChange, idPrefix }) {
  const id = `${idPrefix}-${filter.name}`;
  const set = (event) => onChange(filter.name, event.currentTarget.value);
  const hint = filter.type === 'datetime' ? 'Asia/Dhaka time' : filter.hint;
  const hintId = hint ? `${id}-hint` : undefined;
  let control;
  if (filter.type === 'select') {
    control = html`<select id=${id} name=${filter.name} value=${value} onChange=${set} aria-describedby=${hintId}>
      <option value="">Any</option>
      ${filter.options.map(([optionValue, label]) => html`<option value=${optionValue}>${label}</option>`)}
    </select>`;
  } else {
    const type = { date: 'date', datetime: 'datetime-local' }[filter.type] || 'text';
    const extra = filter.type === 'money'
      ? { inputmode: 'decimal', pattern: '[0-9]{1,16}(\\.[0-9]{1,2})?', title: 'Taka with at most 2 decimals, such as 100000.50' }
      : {};
    control = html`<input id=${id} name=${filter.name} type=${type} value=${value} onInput=${set}
      aria-describedby=${hintId} autocomplete="off" ...${extra} />`;
  }
  return html`<div class="field">
    <label for=${id}>${filter.label}</label>
    ${control}
    ${hint ? html`<span class="hint" id=${hintId}>${hint}</span>` : null}
  </div>`;
}

// The filters form. "Apply filters" writes them into the URL and drops the cursor (a cursor
// belongs to the filters of its first page); the order is kept.
function Filters({ config, query, path }) {
  const initial = {};
  for (const filter of config.filters) initial[filter.name] = toControl(filter, query[filter.name]);
  const [values, setValues] = useState(initial);
  const onChange = (name, value) => setValues((old) => ({ ...old, [name]: value }));
  const submit = (event) => {
    event.preventDefault();
    const params = {};
    for (const filter of config.filters) params[filter.name] = fromControl(filter, values[filter.name] || '');
    params.order = query.order;
    navigate(withQuery(path, params));
  };
  return html`
    <form aria-label="Filters" class="filters" onSubmit=${submit}>
      <div class="fields">
        ${config.filters.map((filter) => html`<${FilterControl} key=${filter.name} filter=${filter}
          value=${values[filter.name]} onChange=${onChange} idPrefix=${`filter-${config.section}`} />`)}
      </div>
      <div class="actions">
        <button type="submit">Apply filters</button>
        <a href=${withQuery(path, { order: query.order })} class="button-link secondary">Clear filters</a>
      </div>
    </form>`;
}

// The header of the date column: a button that turns the order round. desc (newest first) is the
// API's default and is left out of the URL.
function SortHeader({ label, query, path }) {
  const ascending = query.order === 'asc';
  const toggle = () => {
    const { cursor, order, ...rest } = query;
    navigate(withQuery(path, { ...rest, order: ascending ? undefined : 'asc' }));
  };
  return html`<th scope="col" aria-sort=${ascending ? 'ascending' : 'descending'}>
    <button type="button" class="sort" onClick=${toggle}
      title=${ascending ? 'Oldest first; press for newest first' : 'Newest first; press for oldest first'}>
      ${label}<span aria-hidden="true" class="sort-mark">${ascending ? ' ▲' : ' ▼'}</span>
    </button>
  </th>`;
}

function Table({ config, data, query, path }) {
  const ascending = query.order === 'asc';
  const caption = `${config.title}${config.sortLabel ? `, ${ascending ? 'oldest' : 'newest'} first` : ''}`;
  return html`
    <${TableWrap} label=${config.title}>
      <table class="list">
        <caption>${caption}</caption>
        <thead><tr>
          ${config.columns.map((column) => (column.sort
            ? html`<${SortHeader} label=${column.header} query=${query} path=${path} />`
            : html`<th scope="col" class=${column.numeric ? 'numeric' : undefined}>${column.header}</th>`))}
        </tr></thead>
        <tbody>
          ${data.items.map((item) => html`<tr key=${config.idOf(item)}>
            ${config.columns.map((column, index) => (index === 0
              ? html`<th scope="row">${column.cell(item)}</th>`
              : html`<td class=${column.numeric ? 'numeric' : undefined}>${column.cell(item)}</td>`))}
          </tr>`)}
        </tbody>
      </table>
    <//>`;
}

function Pagination({ query, path, next }) {
  const { cursor, ...rest } = query;
  if (!cursor && !next) return null;
  return html`<nav aria-label="Pages" class="pages">
    ${cursor ? html`<a href=${withQuery(path, rest)}>First page</a>` : null}
    ${next ? html`<a href=${withQuery(path, { ...rest, cursor: next })}>Next page</a>` : null}
  </nav>`;
}

export function ListPage({ config, location, me }) {
  const query = readQuery(location.search);
  const path = uiPath(config.section);
  const [round, setRound] = useState(0); // bumped to read the page again (after a re-drive)
  const state = useLoad(() => apiGet(config.api, query), [location.search, round]);
  return html`<${Page} title=${config.title}>
    ${config.openById ? html`<${OpenById} section=${config.section} api=${config.api} singular=${config.singular} />` : null}
    <${Filters} key=${location.search} config=${config} query=${query} path=${path} />
    <${Loaded} state=${state}>${(data) => html`
      ${data.items.length === 0
        ? html`<p class="empty">${config.empty}</p>`
        : html`<${Table} config=${config} data=${data} query=${query} path=${path} />`}
      <${Pagination} query=${query} path=${path} next=${data.next_cursor} />`}
    <//>
    ${config.after ? config.after({ query, me, reload: () => setRound((n) => n + 1) }) : null}
  <//>`;
}
