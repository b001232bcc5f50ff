// vextrus-flow web console: the front end of the service's /v1 API, served by the service itself
// at /ui/ (app.js, app.css, favicon.svg as files; every other /ui/ path answers index.html, so the
// History API routes below work for any URL opened directly).
//
// Preact renders it, with htm for markup (tagged templates: no JSX compile step); esbuild bundles
// this file and its imports into app.js (scripts/build-console.sh). The service's Content-Security-
// Policy allows scripts and styles from its own origin only: no inline script or style attribute,
// no eval, nothing from elsewhere.
//
// Files: api.js (the /v1 client, 401 handling), session.js (token in sessionStorage, roles),
// router.js (paths and query strings), format.js (money, times, durations: tested by
// console/test/), words.js (the API's vocabularies in words), audit-hash.js and sha256.js (an
// audit record's hash recomputed in the browser), download.js (downloads that need the token),
// components/ (layout and shared parts), pages/ (one file per page).
//
// Roles: what a page shows and requests is decided from GET /v1/me alone; an endpoint the role may
// not use is never called.
import { Component, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { ApiError, apiGet, onUnauthorized } from './api.js';
import { clearSession, getToken, setToken } from './session.js';
import { installLinkHandler, matchRoute, navigate, readQuery, safeNext, useLocation, withQuery } from './router.js';
import { ErrorMessage, Loading } from './components/common.js';
import { Layout, Page, SkipLink } from './components/layout.js';
import { SignInPage } from './pages/sign-in.js';
import { OverviewPage } from './pages/overview.js';
import { PurchaseOrderPage, PurchaseOrdersPage } from './pages/purchase-orders.js';
import { InvoicePage, InvoicesPage } from './pages/invoices.js';
import { OnboardingPage, OnboardingsPage } from './pages/onboardings.js';
import { DeadLetterPage, DeadLettersPage } from './pages/dead-letters.js';
import { AuditPage } from './pages/audit.js';
import { ReportsPage } from './pages/reports.js';

const PAGES = {
  overview: OverviewPage,
  'purchase-orders': PurchaseOrdersPage,
  'purchase-orders/detail': PurchaseOrderPage,
  invoices: InvoicesPage,
  'invoices/detail': InvoicePage,
  onboardings: OnboardingsPage,
  'onboardings/detail': OnboardingPage,
  'dead-letters': DeadLettersPage,
  'dead-letters/detail': DeadLetterPage,
  audit: AuditPage,
  reports: ReportsPage,
};

function NotFoundPage() {
  return html`<${Page} title="Page not found">
    <p>The console has no page at this address. <a href="/ui/">Go to the overview</a>.</p>
  <//>`;
}

// A fault while drawing a page is shown in the page, not left as a blank screen.
class PageBoundary extends Component {
  constructor() {
    super();
    this.state = { error: null };
  }

  static getDerivedStateFromError(error) {
    return { error };
  }

  render({ children }, { error }) {
    if (error) return html`<p role="alert" class="error">This page could not be shown: ${error.message || String(error)}</p>`;
    return children;
  }
}

// Errors nobody caught (a rejected promise, a fault in an event handler) are shown at the top of
// the page rather than only in the browser's console.
const stray = { listeners: new Set(), errors: [] };
function reportStray(error) {
  stray.errors = [...stray.errors, error && error.message ? error.message : String(error)].slice(-3);
  for (const listener of stray.listeners) listener(stray.errors);
}
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  if (!(event.reason instanceof ApiError && event.reason.silent)) reportStray(event.reason);
});
window.addEventListener('error', (event) => {
  event.preventDefault();
  reportStray(event.error || event.message);
});

function StrayErrors() {
  const [errors, setErrors] = useState(stray.errors);
  useEffect(() => {
    stray.listeners.add(setErrors);
    return () => stray.listeners.delete(setErrors);
  }, []);
  if (errors.length === 0) return null;
  return html`<div role="alert" class="error stray">${errors.map((e) => html`<p>Something went wrong: ${e}</p>`)}</div>`;
}

function signInPath(location) {
  return withQuery('/ui/sign-in', { next: location.pathname + location.search });
}

function App() {
  const location = useLocation();
  const route = matchRoute(location.pathname);
  // session: {state: 'checking' | 'in' | 'out' | 'error', me?, error?}
  const [session, setSession] = useState(() => (getToken() ? { state: 'checking' } : { state: 'out' }));
  const [notice, setNotice] = useState('');

  useEffect(() => {
    onUnauthorized(() => {
      clearSession();
      setSession({ state: 'out' });
      setNotice('Your session ended: the token is no longer accepted. Sign in again.');
      const here = { pathname: window.location.pathname, search: window.location.search };
      if (matchRoute(here.pathname).name !== 'sign-in') navigate(signInPath(here), { replace: true });
    });
  }, []);

  // A token from earlier in this tab: who is it?
  useEffect(() => {
    if (session.state !== 'checking') return;
    apiGet('/v1/me').then(
      (me) => setSession({ state: 'in', me }),
      (error) => {
        if (!error.silent) setSession({ state: 'error', error });
      },
    );
  }, [session.state]);

  // Signed out and not on the sign-in page: go there, and come back afterwards.
  useEffect(() => {
    if (session.state === 'out' && route.name !== 'sign-in') navigate(signInPath(location), { replace: true });
  }, [session.state, route.name]);

  if (route.name === 'sign-in') {
    const signedIn = (token, me) => {
      setToken(token);
      setNotice('');
      setSession({ state: 'in', me });
      navigate(safeNext(readQuery(location.search).next), { replace: true });
    };
    return html`<${SignInPage} onSignedIn=${signedIn} notice=${notice} />`;
  }
  if (session.state === 'error') {
    return html`<${SkipLink} /><main id="main" tabindex="-1"><h1>vextrus-flow</h1>
      <${ErrorMessage} error=${session.error} />
      <button type="button" onClick=${() => setSession({ state: 'checking' })}>Try again</button></main>`;
  }
  if (session.state !== 'in') {
    return html`<main id="main" tabindex="-1"><${Loading} /></main>`;
  }
  const signOut = () => {
    clearSession();
    setSession({ state: 'out' });
    setNotice('You signed out.');
    navigate('/ui/sign-in');
  };
  const PageComponent = PAGES[route.name] || NotFoundPage;
  return html`<${Layout} me=${session.me} pathname=${location.pathname} onSignOut=${signOut}>
    <${StrayErrors} />
    <${PageBoundary} key=${location.pathname}>
      <${PageComponent} key=${location.pathname} id=${route.id} location=${location} me=${session.me} />
    <//>
  <//>`;
}

installLinkHandler();
render(html`<${App} />`, document.getElementById('app'));
