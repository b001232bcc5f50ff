// Small building blocks every page uses: loading and error states, the scrolling table wrapper,
// times, money, status words, a live countdown and a copy button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { formatDuration, formatMoney, formatTime, formatTimeSeconds } from '../format.js';
import { statusWords } from '../words.js';

// Runs an async loader whenever deps change and returns {loading, error, data}. An answer that
// arrives after deps changed again is dropped (requests are not aborted: an aborted fetch shows
// as a failed request in the browser).
// With keep, the data shown stays on screen while it is read again (a refresh after an action,
// whose result the page is still showing).
export function useLoad(loader, deps, { keep = false } = {}) {
  const [state, setState] = useState({ loading: true, error: null, data: null });
  const generation = useRef(0);
  useEffect(() => {
    generation.current += 1;
    const mine = generation.current;
    setState((old) => ({ loading: true, error: null, data: keep ? old.data : null }));
    Promise.resolve()
      .then(loader)
      .then(
        (data) => mine === generation.current && setState({ loading: false, error: null, data }),
        (error) => mine === generation.current && setState({ loading: false, error, data: null }),
      );
  }, deps);
  return state;
}

export function Loading({ text = 'Loading…' }) {
  return html`<p role="status" class="loading">${text}</p>`;
}

// The API's `error` sentence (or what went wrong) in an alert; nothing for an error already
// dealt with (a 401 sends the person to sign in).
export function ErrorMessage({ error }) {
  if (!error || error.silent) return null;
  const message = error.message || String(error);
  return html`<p role="alert" class="error">${message}</p>`;
}

// Loading, error or the content: render(data) once loaded.
export function Loaded({ state, children }) {
  if (state.loading && state.data === null) return html`<${Loading} />`;
  if (state.error) return html`<${ErrorMessage} error=${state.error} />`;
  return children(state.data);
}

// Wide tables scroll sideways inside this region on narrow screens; it is focusable so that the
// keyboard can scroll it too.
export function TableWrap({ label, children }) {
  return html`<div class="table-wrap" role="region" aria-label=${label} tabindex="0">${children}</div>`;
}

export function Time({ value, seconds = false }) {
  if (!value) return html`<span>—</span>`;
  return html`<time datetime=${value} title=${value}>${seconds ? formatTimeSeconds(value) : formatTime(value)}</time>`;
}

export function Money({ value }) {
  return html`<span class="money">${formatMoney(value)}</span>`;
}

export function Status({ value }) {
  return html`<span class=${`status status-${String(value).replace(/[^a-z_]/g, '')}`}>${statusWords(value)}</span>`;
}

// A live countdown to a time: "in 3 d 4 h", or "2 h ago" once it passed. Not a live region: a
// screen reader reads it when it gets there, not every second.
export function Countdown({ to, pastText = 'ago', futureText = 'in' }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const due = new Date(to).getTime();
  if (Number.isNaN(due)) return null;
  const seconds = Math.round((due - now) / 1000);
  const text = seconds >= 0 ? `${futureText} ${formatDuration(seconds)}` : `${formatDuration(-seconds)} ${pastText}`;
  return html`<span class="countdown" data-testid="countdown">${text}</span>`;
}

// Copies a text (a full hash) to the clipboard. navigator.clipboard needs a secure context; over
// plain HTTP the older execCommand path is used.
export function CopyButton({ text, label }) {
  const [done, setDone] = useState('');
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.className = 'offscreen';
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        if (!ok) throw new Error('the browser refused');
      }
      setDone('Copied');
    } catch (error) {
      setDone(`Not copied: ${error.message || error}`);
    }
  };
  return html`<button type="button" class="small" aria-label=${label} onClick=${copy}>Copy</button>
    <span role="status" class="copy-status">${done}</span>`;
}

// A list of facts: [[term, value], ...]; rows whose value is undefined are left out.
export function Facts({ rows }) {
  return html`<dl class="facts">
    ${rows.filter((row) => row && row[1] !== undefined).map(([term, value]) => html`<div class="fact"><dt>${term}</dt><dd>${value}</dd></div>`)}
  </dl>`;
}

// After "Load more", focus moves to the first of the new items (children of the list element),
// so that the keyboard goes on where reading goes on; also when the button goes away on the last
// page. Returns [listRef, loadMore].
export function useFocusNew(count, load) {
  const list = useRef(null);
  const from = useRef(null);
  useEffect(() => {
    if (from.current === null || count <= from.current || !list.current) return;
    const item = list.current.children[from.current];
    from.current = null;
    if (item) {
      const target = item.matches('[tabindex]') ? item : item.querySelector('[tabindex="-1"]');
      if (target) target.focus();
    }
  }, [count]);
  return [list, () => {
    from.current = count;
    load();
  }];
}

// "Load more" stays in place (aria-disabled while a page loads) so that keyboard focus is not lost.
export function LoadMore({ busy, onClick }) {
  return html`<button type="button" class="load-more" aria-disabled=${busy ? 'true' : undefined}
    onClick=${() => !busy && onClick()}>Load more</button>`;
}
