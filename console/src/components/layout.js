// The frame of every signed-in page: a skip link, the header (product, who is signed in, sign
// out), the main navigation and <main>. Page sets the one <h1> and the document's title.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { hasRole } from '../session.js';
import { BASE, uiPath } from '../router.js';

const NAV = [
  { label: 'Overview', href: BASE, section: '' },
  { label: 'Purchase orders', href: uiPath('purchase-orders'), section: 'purchase-orders' },
  { label: 'Invoices', href: uiPath('invoices'), section: 'invoices' },
  { label: 'Onboardings', href: uiPath('onboardings'), section: 'onboardings' },
  { label: 'Dead letters', href: uiPath('dead-letters'), section: 'dead-letters' },
  { label: 'Audit', href: uiPath('audit'), section: 'audit', role: 'auditor' },
  { label: 'Reports', href: uiPath('reports'), section: 'reports' },
];

// The section a path belongs to: "/ui/invoices/INV-1" → "invoices".
function sectionOf(pathname) {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : '';
  return rest.split('/')[0];
}

// Moves focus to <main> so that the next Tab starts at the content; the skip link is a real link
// (keyboard and screen readers know it) that does not put "#main" in the URL.
function skipToContent(event) {
  event.preventDefault();
  const main = document.getElementById('main');
  if (main) main.focus();
}

export function SkipLink() {
  return html`<a class="skip-link" href="#main" onClick=${skipToContent}>Skip to content</a>`;
}

export function Layout({ me, pathname, onSignOut, children }) {
  const current = sectionOf(pathname);
  return html`
    <${SkipLink} />
    <header class="site-header">
      <p class="brand">vextrus-flow</p>
      <div class="identity">
        <span data-testid="whoami">${me.name} (${me.role})</span>
        <button type="button" class="secondary" onClick=${onSignOut}>Sign out</button>
      </div>
    </header>
    <nav aria-label="Main" class="main-nav">
      <ul>
        ${NAV.filter((item) => !item.role || hasRole(me, item.role)).map((item) => html`
          <li><a href=${item.href} aria-current=${item.section === current ? 'page' : undefined}>${item.label}</a></li>`)}
      </ul>
    </nav>
    <main id="main" tabindex="-1">${children}</main>`;
}

// Pages mounted after the first one (a navigation) move focus to their heading, so that a screen
// reader announces the new page; the first page leaves focus where the browser put it.
let firstPage = true;

export function Page({ title, documentTitle, children }) {
  const heading = useRef(null);
  useEffect(() => {
    document.title = `${documentTitle || title} · vextrus-flow`;
  }, [title, documentTitle]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    if (heading.current) heading.current.focus({ preventScroll: true });
  }, []);
  return html`<h1 ref=${heading} tabindex="-1">${title}</h1>${children}`;
}
