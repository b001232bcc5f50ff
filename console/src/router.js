// Client-side routing with the History API under /ui/. The service answers console/index.html for
// every /ui/ path, so any URL of the console can be opened directly, reloaded or bookmarked; the
// state of a view (filters, order, cursor) lives in the query string under the API's own names.
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/ui/';

const listeners = new Set();

function snapshot() {
  return { pathname: window.location.pathname, search: window.location.search };
}

function notify() {
  const location = snapshot();
  for (const listener of listeners) listener(location);
}

// Goes to a path of the console ("/ui/invoices?status=on_hold"); replace for redirects, so that
// Back does not land on a page that redirects again.
export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, window.location.href);
  const target = url.pathname + url.search;
  if (target === window.location.pathname + window.location.search && !replace) return;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', target);
  if (!replace) window.scrollTo(0, 0);
  notify();
}

export function useLocation() {
  const [location, setLocation] = useState(snapshot);
  useEffect(() => {
    listeners.add(setLocation);
    setLocation(snapshot()); // a navigation between the first render and this effect
    return () => listeners.delete(setLocation);
  }, []);
  return location;
}

// Links are plain <a href="/ui/..."> (keyboard, middle-click and "open in new tab" work); a plain
// left click on one is turned into a History API navigation instead of a page load.
export function installLinkHandler() {
  window.addEventListener('popstate', notify);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || !(url.pathname + '/').startsWith(BASE)) return;
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}

// The route of a path: {name, id?}. Ids are percent-encoded in paths (they may hold ':' or '.').
const LISTS = ['purchase-orders', 'invoices', 'onboardings', 'dead-letters'];
export function matchRoute(pathname) {
  const rest = pathname === '/ui' ? '' : pathname.startsWith(BASE) ? pathname.slice(BASE.length) : null;
  if (rest === null) return { name: 'not-found' };
  const parts = rest.split('/');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop(); // a trailing slash
  if (parts.length === 1) {
    if (parts[0] === '') return { name: 'overview' };
    if (['sign-in', 'audit', 'reports', ...LISTS].includes(parts[0])) return { name: parts[0] };
  }
  if (parts.length === 2 && LISTS.includes(parts[0]) && parts[1] !== '') {
    try {
      return { name: `${parts[0]}/detail`, id: decodeURIComponent(parts[1]) };
    } catch {
      return { name: 'not-found' };
    }
  }
  return { name: 'not-found' };
}

// The path of a page of the console: path('invoices', 'INV-1') → "/ui/invoices/INV-1".
export function uiPath(section, id) {
  return id === undefined ? `${BASE}${section}` : `${BASE}${section}/${encodeURIComponent(id)}`;
}

// A path with a query string from an object; empty values are left out, so that a URL names only
// the filters that are set.
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

// The query string as an object. A '+' typed bare into a time's offset arrives as a space (the
// query-string convention); put it back, so that a hand-written URL with +06:00 still works.
export function readQuery(search) {
  const params = {};
  for (const [name, value] of new URLSearchParams(search)) {
    params[name] = /^\d{4}-\d{2}-\d{2}T[\d:.]+ \d{2}:\d{2}$/.test(value) ? value.replace(' ', '+') : value;
  }
  return params;
}

// Where to go after signing in: a path of the console only, never another site or the sign-in
// page itself.
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith(BASE) || next.startsWith('//') || next.includes('\\')) return BASE;
  try {
    const url = new URL(next, window.location.origin);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(BASE)) return BASE;
    if (url.pathname.startsWith(`${BASE}sign-in`)) return BASE;
    return url.pathname + url.search;
  } catch {
    return BASE;
  }
}
