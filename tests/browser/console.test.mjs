// tests/browser/console.test.mjs — the web console (/ui/) in a real browser: Debian's Chromium
// driven by playwright-core (no browser download), axe-core for accessibility, node:test as the
// runner. scripts/browser-test.sh starts the service with sample data and runs this file with:
//   VEXTRUS_UI_URL              the service, http://127.0.0.1:PORT
//   VEXTRUS_UI_TOKEN_VIEWER     token of "dash-viewer" (viewer)
//   VEXTRUS_UI_TOKEN_AUDITOR    token of "nbr-auditor" (auditor)
//   VEXTRUS_UI_TOKEN_OPERATOR   token of "ops-operator" (operator)
//   VEXTRUS_UI_SUPER_DSN        superuser DSN of the service's scratch database (the tampering test)
//   VEXTRUS_SCREENSHOT_DIR      where the screenshots go (default .local/screenshots)
//   VEXTRUS_CHROMIUM            the browser (default /usr/bin/chromium)
// The console's accessible names are its contract (docs/console.md; the front end follows
// them literally), so the tests find everything by role and label: a renamed control fails here.
// The tests run in order; the tampering test is last, as it breaks the audit trail for good.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through scripts/browser-test.sh`);
  return value;
}

const BASE = required('VEXTRUS_UI_URL').replace(/\/+$/, '');
const ROLES = ['viewer', 'auditor', 'operator'];
const TOKENS = {
  viewer: required('VEXTRUS_UI_TOKEN_VIEWER'),
  auditor: required('VEXTRUS_UI_TOKEN_AUDITOR'),
  operator: required('VEXTRUS_UI_TOKEN_OPERATOR'),
};
const NAMES = { viewer: 'dash-viewer', auditor: 'nbr-auditor', operator: 'ops-operator' };
const SUPER_DSN = required('VEXTRUS_UI_SUPER_DSN');
const CHROMIUM = process.env.VEXTRUS_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.VEXTRUS_SCREENSHOT_DIR || join(process.cwd(), '.local', 'screenshots');
// Without the background-networking flags Chromium's own connections are refused on this machine.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };
const TIMEOUT = 10_000;  // any one wait; a whole test has its own limit below
const TEST_LIMIT = { timeout: 90_000 };

// ------------------------------------------------------------------------------ helpers ---

const norm = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const firstLines = (text, n = 4) => String(text).split('\n').slice(0, n).join('\n');

// Retries `check` (which throws or rejects while it does not hold) until it holds or `timeout`
// passes; then throws its last error, prefixed with `what`.
async function eventually(check, what, timeout = TIMEOUT) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= until) {
        error.message = `${what}: ${error.message}`;
        throw error;
      }
    }
    await sleep(100);
  }
}

// Money as the API sends it ("125005.00") in Bangladeshi grouping ("1,25,005.00"): the last
// three digits, then groups of two. western() is the grouping by three the console must not use.
function indian(amount) {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  assert.ok(m, `not an amount from the API: ${amount}`);
  let whole = m[2].replace(/^0+(?=\d)/, '');
  let out = whole.slice(-3);
  whole = whole.slice(0, -3);
  while (whole.length > 0) {
    out = `${whole.slice(-2)},${out}`;
    whole = whole.slice(0, -2);
  }
  return `${m[1]}${out}.${m[3]}`;
}
function western(amount) {
  const [whole, fraction] = amount.replace(/^-/, '').split('.');
  return `${amount.startsWith('-') ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}
const amountOf = (text) => Number(norm(text).replace(/[^\d.-]/g, ''));

// The API, straight from Node, to compare what the console shows with what it was answered.
async function api(path, role = 'operator', init = {}) {
  const response = await fetch(BASE + path, {
    ...init,
    headers: { Authorization: `Bearer ${TOKENS[role]}`, ...(init.headers || {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method || 'GET'} ${path} as ${role}: ${response.status} ${text}`);
  return JSON.parse(text);
}
// Every item of a list, all pages.
async function apiAll(path, role = 'operator') {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, role);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
async function auditRecords(query, role = 'auditor') {
  const records = [];
  let cursor = null;
  do {
    const page = await api(`/v1/audit?${query}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, role);
    records.push(...page.records);
    cursor = page.next;
  } while (cursor);
  return records;
}

function psql(sql) {
  return execFileSync('psql', ['-X', '-qAt', '-v', 'ON_ERROR_STOP=1', SUPER_DSN, '-c', sql], { encoding: 'utf8' });
}

// What goes wrong on a page while watching: console errors (CSP violations and failed loads
// among them), uncaught exceptions, failed requests and answers of 400 and up.
// Also tracks the requests still waiting for an answer, for settle().
const NETWORK = new WeakMap();
function watchPage(page) {
  const net = { waiting: new Set(), last: Date.now() };
  NETWORK.set(page, net);
  const done = (request) => { net.waiting.delete(request); net.last = Date.now(); };
  const answered = new WeakSet();
  page.on('request', (r) => { net.waiting.add(r); net.last = Date.now(); });
  page.on('response', (r) => { answered.add(r.request()); done(r.request()); });
  page.on('requestfailed', done);
  page.on('requestfinished', done);
  const watch = { on: false, problems: [] };
  page.on('console', (m) => {
    if (watch.on && m.type() === 'error') watch.problems.push(`console error: ${m.text()} (${m.location().url || 'no url'})`);
  });
  page.on('pageerror', (e) => { if (watch.on) watch.problems.push(`uncaught: ${firstLines(e.stack || e.message, 3)}`); });
  page.on('requestfailed', (r) => {
    // The browser's own fetch of the tab's icon races with the next navigation, which cancels it;
    // a missing icon is still an answer of 404 below.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\/favicon\.[a-z]+$/.test(new URL(r.url()).pathname)) return;
    // Answered, then cancelled by a navigation because the page never read the body (Chromium
    // keeps a `cache: 'no-store'` fetch open until its body is read): not a failure, but noted.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && answered.has(r)) {
      if (watch.on) console.log(`# note: ${r.method()} ${r.url()} was answered but its body never read (cancelled by the next navigation)`);
      return;
    }
    if (watch.on) watch.problems.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (watch.on && r.status() >= 400) watch.problems.push(`${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  watch.start = () => { watch.problems = []; watch.on = true; };
  watch.stop = () => { watch.on = false; return watch.problems.splice(0); };
  return watch;
}

let browser;
async function newSession(options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  return { context, page, watch: watchPage(page) };
}

async function waitWhoami(page, role) {
  const whoami = page.getByTestId('whoami');
  await eventually(async () => assert.equal(norm(await whoami.innerText({ timeout: 1000 })), `${NAMES[role]} (${role})`),
    'the header\'s whoami');
}

async function signIn(page, role) {
  await page.goto(`${BASE}/ui/sign-in`);
  const field = page.getByLabel('API token', { exact: true });
  await field.fill(TOKENS[role]);
  await field.press('Enter');
  await waitWhoami(page, role);
  await settle(page);
}

// Waits until the page has fetched what it shows: every request answered, none for `quiet` ms,
// and no role=status that still says it is loading. (Playwright's "networkidle" is of the
// document's load, not of what a single-page application fetches after it, and costs 500 ms.)
async function settle(page, quiet = 250) {
  const net = NETWORK.get(page);
  await eventually(async () => {
    assert.deepEqual([...net.waiting].map((r) => `${r.method()} ${r.url()}`), [], 'requests without an answer');
    assert.ok(Date.now() - net.last >= quiet, 'requests just now');
    assert.equal(await page.getByRole('status').filter({ hasText: /loading/i }).count(), 0, 'a role=status says loading');
  }, 'the page did not settle');
}

const heading1 = (page, name) => page.getByRole('main').getByRole('heading', { level: 1, name, exact: true });

async function visit(page, target) {
  await page.goto(BASE + target.path);
  if (target.h1) await heading1(page, target.h1).waitFor();
  else await page.getByRole('main').waitFor();
  await settle(page);
}

// The text under an h2 of <main>: its <section> when it has one of its own, else the elements
// after it up to the next h2. null when there is no such heading.
async function section(page, name) {
  return page.evaluate((name) => {
    const text = (e) => (e?.innerText ?? '').replace(/\s+/g, ' ').trim();
    const heading = [...document.querySelectorAll('main h2')].find((h) => text(h) === name);
    if (!heading) return null;
    const box = heading.closest('section, [role=region], article');
    if (box && box.querySelectorAll('h2').length === 1) {
      return { body: text(box).slice(text(heading).length).trim(), lines: box.innerText.split('\n').filter((l) => l.trim()).length - 1 };
    }
    const parts = [];
    for (let n = heading.nextElementSibling; n && n.tagName !== 'H2' && !n.querySelector('h2'); n = n.nextElementSibling) parts.push(n);
    return { body: parts.map(text).join(' ').trim(), lines: parts.map((p) => p.innerText.split('\n').filter((l) => l.trim()).length).reduce((a, b) => a + b, 0) };
  }, name);
}
async function sectionBody(page, name) {
  const found = await section(page, name);
  assert.ok(found, `no h2 "${name}" in <main>`);
  return found;
}

// The list's table: its caption, header texts and the rows whose first cell links to an entity.
async function listTable(page) {
  return page.evaluate(() => {
    const text = (e) => (e?.innerText ?? '').replace(/\s+/g, ' ').trim();
    const table = document.querySelector('main table');
    if (!table) return null;
    const rows = [];
    for (const tr of table.querySelectorAll('tbody tr')) {
      const cells = [...tr.children];
      const link = cells[0]?.querySelector('a[href]');
      if (!link) continue;  // the row saying the list is empty
      rows.push({ id: text(link), href: link.getAttribute('href'), cells: cells.map(text) });
    }
    return { caption: text(table.querySelector('caption')), headers: [...table.querySelectorAll('thead th')].map(text), rows };
  });
}
async function listIds(page) {
  const table = await listTable(page);
  assert.ok(table, 'no <table> in <main>');
  return table.rows.map((r) => r.id);
}
function column(table, name) {
  const key = (h) => h.toLowerCase().replace(/[^a-z0-9 ]/g, '').trim();
  let index = table.headers.findIndex((h) => key(h) === name.toLowerCase());
  if (index < 0) index = table.headers.findIndex((h) => key(h).startsWith(name.toLowerCase()));
  assert.ok(index >= 0, `no column "${name}" in ${JSON.stringify(table.headers)}`);
  return index;
}

const searchParam = (page, name) => new URL(page.url()).searchParams.get(name);

// page.waitForURL with what was awaited in its error.
async function urlBecomes(page, predicate, what) {
  try {
    await page.waitForURL(predicate);
  } catch (error) {
    throw new Error(`the URL did not come to have ${what}; it is ${page.url()}`);
  }
}

// ------------------------------------------------------------------------ the data ---

// What the service holds, from the API: the ids the pages are visited with.
const facts = {};
async function gatherFacts() {
  facts.purchaseOrders = await apiAll('/v1/purchase-orders');
  facts.invoices = await apiAll('/v1/invoices');
  facts.onboardings = await apiAll('/v1/onboardings');
  facts.onHold = await apiAll('/v1/invoices?status=on_hold');
  facts.deadLetters = await apiAll('/v1/dead-letters');
  for (const [what, list] of Object.entries({ 'purchase orders': facts.purchaseOrders, invoices: facts.invoices,
    onboardings: facts.onboardings, 'invoices on hold': facts.onHold, 'dead letters': facts.deadLetters })) {
    assert.ok(list.length > 0, `the service holds no ${what}: did the samples get published?`);
  }
  const details = await Promise.all(facts.deadLetters.map((d) => api(`/v1/dead-letters/${d.id}`)));
  // scripts/browser-test.sh publishes two: a line that is not JSON, with markup in it (shown as
  // text or it is an injection), and an event of a type no workflow has (the one re-driven).
  facts.markupLetter = details.find((d) => String(d.payload).includes('<img'));
  facts.redriveLetter = details.find((d) => String(d.payload).includes('onboarding.teleported'));
  facts.po = facts.purchaseOrders[0].po_id;
  facts.invoice = facts.onHold[0].invoice_id;
  facts.onboarding = facts.onboardings[0].employee_id;
  facts.deadLetter = String((facts.markupLetter || details[0]).id);
  // The fiscal year (July to June) of the samples, for the reports.
  const [year, month] = facts.invoices[0].invoice_date.split('-').map(Number);
  const start = month >= 7 ? year : year - 1;
  facts.fiscalYear = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function pagesFor(role) {
  const list = [
    { key: 'overview', path: '/ui/', h1: 'Overview' },
    { key: 'purchase-orders', path: '/ui/purchase-orders', h1: 'Purchase orders' },
    { key: 'purchase-order-detail', path: `/ui/purchase-orders/${encodeURIComponent(facts.po)}`, h1: `Purchase order ${facts.po}` },
    { key: 'invoices', path: '/ui/invoices', h1: 'Invoices' },
    { key: 'invoice-detail', path: `/ui/invoices/${encodeURIComponent(facts.invoice)}`, h1: `Invoice ${facts.invoice}` },
    { key: 'onboardings', path: '/ui/onboardings', h1: 'Onboardings' },
    { key: 'onboarding-detail', path: `/ui/onboardings/${encodeURIComponent(facts.onboarding)}`, h1: `Onboarding ${facts.onboarding}` },
    { key: 'dead-letters', path: '/ui/dead-letters', h1: 'Dead letters' },
    { key: 'dead-letter-detail', path: `/ui/dead-letters/${facts.deadLetter}`, h1: `Dead letter ${facts.deadLetter}` },
    { key: 'reports', path: `/ui/reports?fiscal_year=${facts.fiscalYear}`, h1: 'Reports' },
  ];
  if (role !== 'viewer') list.push({ key: 'audit', path: '/ui/audit', h1: 'Audit' });
  return list;
}

const NAV = ['Overview', 'Purchase orders', 'Invoices', 'Onboardings', 'Dead letters', 'Reports'];

// The frame of every signed-in page: whoami, Sign out, the main navigation by role, one h1.
async function checkFrame(page, role) {
  assert.equal(norm(await page.getByTestId('whoami').textContent()), `${NAMES[role]} (${role})`, 'whoami');
  assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 1, 'one "Sign out" button');
  const nav = page.getByRole('navigation', { name: 'Main', exact: true });
  assert.equal(await nav.count(), 1, 'one <nav aria-label="Main">');
  for (const name of NAV) assert.equal(await nav.getByRole('link', { name, exact: true }).count(), 1, `nav link "${name}"`);
  assert.equal(await nav.getByRole('link', { name: 'Audit', exact: true }).count(), role === 'viewer' ? 0 : 1,
    `nav link "Audit" for the ${role}`);
  assert.equal(await page.locator('main h1').count(), 1, 'exactly one <h1> in <main>');
}

// --------------------------------------------------------------------------- the tests ---

const sessions = {};  // role -> { context, page, watch }, signed in once

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  await gatherFacts();
  for (const role of ROLES) {
    sessions[role] = await newSession();
    await signIn(sessions[role].page, role);
  }
});

after(async () => {
  await browser?.close();
});

describe('security headers', () => {
  for (const path of ['/ui/', '/ui/app.js', '/ui/invoices?status=on_hold']) {
    test(`GET ${path}: CSP without 'unsafe-inline' scripts and no framing, nosniff, a referrer policy`, async () => {
      const response = await fetch(BASE + path);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy');
      assert.ok(csp, 'no Content-Security-Policy');
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0])
        .map(([name, ...values]) => [name.toLowerCase(), values]));
      const scripts = directives['script-src'] ?? directives['default-src'];
      assert.ok(scripts, `neither script-src nor default-src in ${csp}`);
      assert.ok(!scripts.includes("'unsafe-inline'"), `script-src allows 'unsafe-inline': ${csp}`);
      assert.ok(!scripts.includes("'unsafe-eval'"), `script-src allows 'unsafe-eval': ${csp}`);
      assert.ok(!scripts.includes('*'), `script-src allows any origin: ${csp}`);
      assert.deepEqual(directives['frame-ancestors'], ["'none'"], `frame-ancestors is not 'none': ${csp}`);
      // Browsers read the first value (Fetch, "determine nosniff"); every value must say nosniff.
      const nosniff = (response.headers.get('x-content-type-options') || '').split(',').map((v) => v.trim().toLowerCase());
      assert.deepEqual(nosniff, ['nosniff'], `X-Content-Type-Options, once: ${nosniff.join(', ')}`);
      assert.ok(response.headers.get('referrer-policy'), 'no Referrer-Policy');
      if (path.endsWith('.js')) assert.match(response.headers.get('content-type'), /javascript/);
      else assert.match(response.headers.get('content-type'), /^text\/html/);
    });
  }
});

describe('sign-in', () => {
  test('the token field comes first, Enter signs in, the token stays in sessionStorage and out of URLs', TEST_LIMIT, async () => {
    const { context, page, watch } = await newSession();
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('framenavigated', (f) => urls.push(f.url()));
    try {
      watch.start();
      await page.goto(`${BASE}/ui/sign-in`);
      const first = page.locator('input').first();
      await first.waitFor();
      assert.equal(await first.getAttribute('id'), 'token', 'the first input is #token');
      assert.equal(await first.getAttribute('type'), 'password', 'the token field is type=password');
      assert.equal(await page.getByLabel('API token', { exact: true }).getAttribute('id'), 'token', 'labelled "API token"');
      assert.equal(await page.getByRole('button', { name: 'Sign in', exact: true }).count(), 1, 'a "Sign in" button');
      await first.click();
      await page.keyboard.type(TOKENS.operator);
      await page.keyboard.press('Enter');
      await waitWhoami(page, 'operator');
      await settle(page);
      for (const path of ['/ui/invoices', `/ui/invoices/${encodeURIComponent(facts.invoice)}`, '/ui/dead-letters']) {
        await visit(page, { path });
      }
      const storage = await page.evaluate(() => ({
        session: Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]),
        local: Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]),
      }));
      const token = TOKENS.operator;
      assert.ok(storage.session.some(([, v]) => v.includes(token)), 'the token is not in sessionStorage');
      assert.ok(!storage.local.some(([k, v]) => k.includes(token) || v.includes(token)), 'the token is in localStorage');
      assert.ok(!(await context.cookies()).some((c) => c.value.includes(token)), 'the token is in a cookie');
      const leaked = urls.filter((u) => u.includes(token) || u.includes(encodeURIComponent(token)));
      assert.deepEqual(leaked, [], 'URLs visited carry the token');
      assert.deepEqual(watch.stop(), [], 'errors while signing in and browsing');
      // Sign out forgets the token and goes back to the sign-in page.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await urlBecomes(page, (u) => u.pathname === '/ui/sign-in', 'the path /ui/sign-in after "Sign out"');
      const after = await page.evaluate(() => Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)).join('\n'));
      assert.ok(!after.includes(token), 'the token is still in sessionStorage after "Sign out"');
    } finally {
      await context.close();
    }
  });

  test('a wrong token is refused with a role=alert', TEST_LIMIT, async () => {
    const { context, page } = await newSession();
    try {
      await page.goto(`${BASE}/ui/sign-in`);
      const field = page.getByLabel('API token', { exact: true });
      await field.fill(`wrong-${Date.now()}`);
      await field.press('Enter');
      const alert = page.getByRole('alert');
      await eventually(async () => assert.ok(norm(await alert.first().innerText({ timeout: 1000 })).length > 0), 'a role=alert with text');
      assert.equal(new URL(page.url()).pathname, '/ui/sign-in', 'still on the sign-in page');
      assert.equal(await page.getByTestId('whoami').count(), 0, 'signed in with a wrong token');
      const stored = await page.evaluate(() => Object.keys(localStorage).length);
      assert.equal(stored, 0, 'localStorage was written');
    } finally {
      await context.close();
    }
  });

  test('unsigned, /ui/invoices?status=on_hold goes to sign-in and back after', TEST_LIMIT, async () => {
    const { context, page } = await newSession();
    try {
      await page.goto(`${BASE}/ui/invoices?status=on_hold`);
      await urlBecomes(page, (u) => u.pathname === '/ui/sign-in', 'the path /ui/sign-in for a visitor without a token');
      const next = new URL(page.url()).searchParams.get('next');
      assert.ok(next && next.startsWith('/ui/invoices'), `next= is ${next}`);
      await page.getByLabel('API token', { exact: true }).fill(TOKENS.viewer);
      await page.getByLabel('API token', { exact: true }).press('Enter');
      await urlBecomes(page, (u) => u.pathname === '/ui/invoices', 'the path /ui/invoices (next=) after signing in');
      await heading1(page, 'Invoices').waitFor();
      await waitWhoami(page, 'viewer');
      if (next.includes('status=on_hold')) assert.equal(searchParam(page, 'status'), 'on_hold', 'the filter was lost');
    } finally {
      await context.close();
    }
  });

  test('next= cannot send the signed-in person to another site', TEST_LIMIT, async () => {
    for (const next of ['https://example.org/ui/', '//example.org/ui/', 'javascript:alert(1)']) {
      const { context, page } = await newSession();
      try {
        await page.route((u) => !u.href.startsWith(BASE), (route) => route.abort());
        await page.goto(`${BASE}/ui/sign-in?next=${encodeURIComponent(next)}`);
        await page.getByLabel('API token', { exact: true }).fill(TOKENS.viewer);
        await page.getByLabel('API token', { exact: true }).press('Enter');
        await waitWhoami(page, 'viewer');
        assert.equal(new URL(page.url()).origin, new URL(BASE).origin, `next=${next} left the console`);
      } finally {
        await context.close();
      }
    }
  });
});

describe('every page loads with no console error and no failed request', () => {
  for (const role of ROLES) {
    test(`as the ${role}`, TEST_LIMIT, async () => {
      const { page, watch } = sessions[role];
      const problems = [];
      // The reports as they open, of the current fiscal year (empty), besides the samples' year.
      for (const target of [...pagesFor(role), { key: 'reports-now', path: '/ui/reports', h1: 'Reports' }]) {
        watch.start();
        try {
          await visit(page, target);
          await checkFrame(page, role);
        } catch (error) {
          problems.push(`${target.path}: ${firstLines(error.message)}`);
        }
        for (const problem of watch.stop()) problems.push(`${target.path}: ${problem}`);
      }
      assert.equal(problems.length, 0, `\n${problems.join('\n')}`);
    });
  }
});

const FILTERS = {
  '/ui/purchase-orders': ['Status', 'Pending role', 'Department', 'Vendor', 'Requester', 'Minimum total', 'Maximum total',
    'Submitted from', 'Submitted to'],
  '/ui/invoices': ['Status', 'Vendor', 'Vendor BIN', 'Purchase order', 'Hold reason', 'Overdue', 'Mushak-6.10',
    'Invoice date from', 'Invoice date to'],
  '/ui/onboardings': ['Status', 'Department', 'Task status', 'Start date from', 'Start date to'],
  '/ui/dead-letters': ['Reason', 'Topic', 'Since', 'Until'],
};

describe('lists', () => {
  test('each list has its search box, every filter by its label, a captioned table and "Clear filters"', TEST_LIMIT, async () => {
    const { page } = sessions.viewer;
    const problems = [];
    for (const [path, labels] of Object.entries(FILTERS)) {
      await visit(page, { path });
      const filters = page.getByRole('form', { name: 'Filters', exact: true });
      if ((await filters.count()) !== 1) { problems.push(`${path}: no form[aria-label=Filters]`); continue; }
      for (const label of labels) {
        const control = filters.getByLabel(label, { exact: true });
        if ((await control.count()) !== 1) { problems.push(`${path}: no control labelled "${label}"`); continue; }
        if ((await control.evaluate((e) => e.tagName)) === 'SELECT') {
          const first = control.locator('option').first();
          if (norm(await first.textContent()) !== 'Any' || (await first.getAttribute('value')) !== '') {
            problems.push(`${path}: "${label}"'s first option is not "Any" with the value ""`);
          }
        }
      }
      if ((await filters.getByRole('button', { name: 'Apply filters', exact: true }).count()) !== 1) problems.push(`${path}: no "Apply filters"`);
      if ((await page.getByRole('link', { name: 'Clear filters', exact: true }).count()) !== 1) problems.push(`${path}: no "Clear filters"`);
      if (path !== '/ui/dead-letters') {
        const search = page.getByRole('search');
        if ((await search.getByRole('searchbox', { name: 'Search by id', exact: true }).count()) !== 1) problems.push(`${path}: no "Search by id"`);
        if ((await search.getByRole('button', { name: 'Open', exact: true }).count()) !== 1) problems.push(`${path}: no "Open"`);
      }
      const table = await listTable(page);
      if (!table) problems.push(`${path}: no table`);
      else {
        if (!table.caption) problems.push(`${path}: the table has no caption`);
        if (table.rows.length === 0) problems.push(`${path}: no row links to an entity`);
        for (const row of table.rows) {
          if (!decodeURIComponent(new URL(row.href, BASE).pathname).endsWith(`/${row.id}`)) problems.push(`${path}: ${row.id} links to ${row.href}`);
        }
      }
    }
    assert.equal(problems.length, 0, `\n${problems.join('\n')}`);
  });

  test('invoices: Status "On hold" narrows the list to what the API answers; Clear filters widens it', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    watch.start();
    await visit(page, { path: '/ui/invoices', h1: 'Invoices' });
    const everything = await listIds(page);
    const hasNext = (await page.getByRole('link', { name: 'Next page', exact: true }).count()) > 0;
    const expectedAll = facts.invoices.map((i) => i.invoice_id);
    if (hasNext) assert.deepEqual(everything, expectedAll.slice(0, everything.length), 'the first page');
    else assert.deepEqual(everything, expectedAll, 'the unfiltered list is not the API\'s');
    const table = await listTable(page);
    assert.ok(table.caption, 'the table has no <caption>');

    const filters = page.getByRole('form', { name: 'Filters', exact: true });
    const status = filters.getByLabel('Status', { exact: true });
    const firstOption = status.locator('option').first();
    assert.equal(norm(await firstOption.textContent()), 'Any');
    assert.equal(await firstOption.getAttribute('value'), '');
    await status.selectOption({ value: 'on_hold' });
    await filters.getByRole('button', { name: 'Apply filters', exact: true }).click();
    await urlBecomes(page, (u) => u.searchParams.get('status') === 'on_hold', 'status=on_hold after "Apply filters"');
    await settle(page);
    const expected = (await apiAll('/v1/invoices?status=on_hold')).map((i) => i.invoice_id);
    await eventually(async () => {
      const filtered = await listTable(page);
      assert.deepEqual(filtered.rows.map((r) => r.id), expected, 'the rows are not those of GET /v1/invoices?status=on_hold');
      const s = column(filtered, 'Status');
      for (const row of filtered.rows) assert.equal(row.cells[s].toLowerCase().replace(/_/g, ' '), 'on hold', `row ${row.id}`);
    }, 'filtered by status');
    assert.ok(expected.length <= everything.length && expected.length < facts.invoices.length, 'the filter did not narrow');
    assert.equal(await status.inputValue(), 'on_hold', 'the Status control does not show the filter in force');

    await page.getByRole('link', { name: 'Clear filters', exact: true }).click();
    await urlBecomes(page, (u) => !u.searchParams.has('status'), 'no status after "Clear filters"');
    await settle(page);
    await eventually(async () => assert.deepEqual(await listIds(page), everything), 'after Clear filters');
    assert.deepEqual(watch.stop(), []);
  });

  test('purchase orders: Minimum total narrows the list to what the API answers', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    const totals = facts.purchaseOrders.map((p) => Number(p.total)).sort((a, b) => a - b);
    const minimum = String(Math.floor(totals[Math.floor(totals.length / 2)]));  // the median: some in, some out
    watch.start();
    await visit(page, { path: '/ui/purchase-orders', h1: 'Purchase orders' });
    const everything = await listIds(page);
    const filters = page.getByRole('form', { name: 'Filters', exact: true });
    await filters.getByLabel('Minimum total', { exact: true }).fill(minimum);
    await filters.getByRole('button', { name: 'Apply filters', exact: true }).click();
    await urlBecomes(page, (u) => u.searchParams.get('min_total') === minimum, `min_total=${minimum} after "Apply filters"`);
    await settle(page);
    const expected = await apiAll(`/v1/purchase-orders?min_total=${minimum}`);
    await eventually(async () => {
      const filtered = await listTable(page);
      assert.deepEqual(filtered.rows.map((r) => r.id), expected.map((p) => p.po_id), `not GET /v1/purchase-orders?min_total=${minimum}`);
      const t = column(filtered, 'Total');
      for (const row of filtered.rows) assert.ok(amountOf(row.cells[t]) >= Number(minimum), `${row.id}: ${row.cells[t]}`);
    }, 'filtered by minimum total');
    assert.ok(expected.length <= everything.length, 'more rows filtered than unfiltered');
    assert.deepEqual(watch.stop(), []);
  });

  test('onboardings: Task status narrows the list to what the API answers', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    const counts = {};
    for (const o of facts.onboardings) for (const s of new Set(Object.values(o.tasks || {}))) counts[s] = (counts[s] || 0) + 1;
    const value = Object.keys(counts).sort((a, b) => counts[a] - counts[b])[0];
    assert.ok(value, 'no onboarding has tasks');
    watch.start();
    await visit(page, { path: '/ui/onboardings', h1: 'Onboardings' });
    const everything = await listIds(page);
    const filters = page.getByRole('form', { name: 'Filters', exact: true });
    await filters.getByLabel('Task status', { exact: true }).selectOption({ value });
    await filters.getByRole('button', { name: 'Apply filters', exact: true }).click();
    await urlBecomes(page, (u) => u.searchParams.get('task_status') === value, `task_status=${value} after "Apply filters"`);
    await settle(page);
    const expected = (await apiAll(`/v1/onboardings?task_status=${value}`)).map((o) => o.employee_id);
    await eventually(async () => assert.deepEqual(await listIds(page), expected), `not GET /v1/onboardings?task_status=${value}`);
    assert.ok(expected.length <= everything.length, 'more rows filtered than unfiltered');
    assert.deepEqual(watch.stop(), []);
  });

  test('pages: "Next page" and "First page" follow the API\'s cursors', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    const first = await api('/v1/invoices?limit=2');
    assert.ok(first.next_cursor, 'the samples have too few invoices for two pages of 2');
    const all = facts.invoices.map((i) => i.invoice_id);
    watch.start();
    // The URL carries the API's parameters; when the console takes `limit` from it, pages of 2
    // show "Next page" on these few samples.
    await visit(page, { path: '/ui/invoices?limit=2', h1: 'Invoices' });
    const shown = await listIds(page);
    const next = page.getByRole('link', { name: 'Next page', exact: true });
    if (shown.length === 2) {
      await next.click();
      await urlBecomes(page, (u) => u.searchParams.has('cursor'), 'a cursor after "Next page"');
      await settle(page);
      const second = await api(`/v1/invoices?limit=2&cursor=${encodeURIComponent(searchParam(page, 'cursor'))}`);
      await eventually(async () => assert.deepEqual(await listIds(page), second.items.map((i) => i.invoice_id)), 'the second page');
      assert.deepEqual(second.items.map((i) => i.invoice_id), all.slice(2, 2 + second.items.length), 'the second page follows the first');
    } else {
      // The console keeps its own page size: the samples are fewer than a page, so no "Next page".
      assert.deepEqual(shown, all, 'the whole list on one page');
      assert.equal(await next.count(), 0, '"Next page" on the last page');
    }
    // A cursor the API gave, in the URL directly: the rows after the first two, and "First page".
    await visit(page, { path: `/ui/invoices?cursor=${encodeURIComponent(first.next_cursor)}`, h1: 'Invoices' });
    const rest = await listIds(page);
    assert.ok(rest.length > 0, 'no rows on the page a cursor opens');
    assert.deepEqual(rest, all.slice(2, 2 + rest.length), 'the page after the cursor');
    await page.getByRole('link', { name: 'First page', exact: true }).click();
    await urlBecomes(page, (u) => !u.searchParams.has('cursor'), 'no cursor after "First page"');
    await settle(page);
    await eventually(async () => assert.deepEqual((await listIds(page)).slice(0, 2), all.slice(0, 2)), 'back on the first page');
    assert.deepEqual(watch.stop(), []);
  });

  test('the date column sorts oldest first (order=asc) and back', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    watch.start();
    await visit(page, { path: '/ui/invoices', h1: 'Invoices' });
    const sorted = page.locator('main table thead th[aria-sort]');
    assert.equal(await sorted.count(), 1, 'one column header with aria-sort');
    assert.equal(await sorted.getAttribute('aria-sort'), 'descending', 'newest first by default');
    await sorted.getByRole('button').click();
    await urlBecomes(page, (u) => u.searchParams.get('order') === 'asc', 'order=asc after the sort button');
    await settle(page);
    const ascending = (await apiAll('/v1/invoices?order=asc')).map((i) => i.invoice_id);
    await eventually(async () => {
      assert.equal(await sorted.getAttribute('aria-sort'), 'ascending');
      const ids = await listIds(page);
      assert.ok(ids.length > 0, 'no rows');
      assert.deepEqual(ids, ascending.slice(0, ids.length), 'not the order of GET /v1/invoices?order=asc');
    }, 'oldest first');
    await sorted.getByRole('button').click();
    await urlBecomes(page, (u) => u.searchParams.get('order') !== 'asc', 'no order=asc after the sort button again');
    await eventually(async () => assert.equal(await sorted.getAttribute('aria-sort'), 'descending'), 'newest first again');
    assert.deepEqual(watch.stop(), []);
  });

  test('"Search by id" opens the entity\'s detail page', TEST_LIMIT, async () => {
    const { page, watch } = sessions.viewer;
    watch.start();
    for (const [list, h1, id, detail] of [
      ['/ui/purchase-orders', 'Purchase orders', facts.po, 'Purchase order'],
      ['/ui/invoices', 'Invoices', facts.invoice, 'Invoice'],
      ['/ui/onboardings', 'Onboardings', facts.onboarding, 'Onboarding'],
    ]) {
      await visit(page, { path: list, h1 });
      const search = page.getByRole('search');
      const box = search.getByRole('searchbox', { name: 'Search by id', exact: true });
      assert.equal(await box.getAttribute('type'), 'search');
      await box.fill(id);
      await search.getByRole('button', { name: 'Open', exact: true }).click();
      await urlBecomes(page, (u) => decodeURIComponent(u.pathname) === `${list}/${id}`, `the path ${list}/${id} after "Open"`);
      await heading1(page, `${detail} ${id}`).waitFor();
      await settle(page);
    }
    assert.deepEqual(watch.stop(), []);
  });
});

describe('details', () => {
  const invoicePath = () => `/ui/invoices/${encodeURIComponent(facts.invoice)}`;

  test('an invoice on hold shows its holds and its tax in Bangladeshi grouping', TEST_LIMIT, async () => {
    const { page } = sessions.viewer;
    const invoice = await api(`/v1/invoices/${encodeURIComponent(facts.invoice)}?history=false`, 'viewer');
    assert.ok(invoice.hold_reasons.length > 0, `${facts.invoice} has no hold reasons`);
    await visit(page, { path: invoicePath(), h1: `Invoice ${facts.invoice}` });
    for (const name of ['Status', 'Approvals', 'Holds', 'Tax', 'Timeline']) assert.ok(await section(page, name), `no section "${name}"`);
    const holds = await sectionBody(page, 'Holds');
    assert.ok(holds.body.length > 0 && !/^(none|no holds?)\b/i.test(holds.body), `"Holds" is empty: ${holds.body}`);
    assert.ok(holds.lines >= invoice.hold_reasons.length, `"Holds" shows fewer lines than the ${invoice.hold_reasons.length} reasons: ${holds.body}`);
    const tax = await sectionBody(page, 'Tax');
    const vds = invoice.tax?.vds_amount ?? invoice.vds_amount;
    const tds = invoice.tax?.tds_amount ?? invoice.tds_amount;
    assert.match(tax.body, /VDS/, '"Tax" does not name VDS');
    assert.match(tax.body, /TDS/, '"Tax" does not name TDS');
    assert.ok(tax.body.includes(indian(vds)), `"Tax" lacks the VDS ${indian(vds)}: ${tax.body}`);
    assert.ok(tax.body.includes(indian(tds)), `"Tax" lacks the TDS ${indian(tds)}: ${tax.body}`);
    // A viewer has no access to the trail: a sentence, not records.
    const timeline = await sectionBody(page, 'Timeline');
    assert.ok(timeline.body.length > 0, 'the viewer\'s "Timeline" is empty');
    assert.doesNotMatch(timeline.body, /erp\.invoices\/\d+/, 'the viewer sees audit records');
  });

  test('an auditor sees the invoice\'s timeline, verified', TEST_LIMIT, async () => {
    const { page, watch } = sessions.auditor;
    watch.start();
    await visit(page, { path: invoicePath(), h1: `Invoice ${facts.invoice}` });
    await eventually(async () => {
      const timeline = await sectionBody(page, 'Timeline');
      assert.match(timeline.body, /erp\.invoices\/\d+/, 'no chain such as erp.invoices/2');
      assert.match(timeline.body, /#\d+/, 'no #seq');
    }, 'the timeline');
    const verification = page.getByTestId('timeline-verification');
    await eventually(async () => assert.match(norm(await verification.innerText({ timeout: 1000 })), /^Verified/), 'timeline-verification', 20_000);
    assert.deepEqual(watch.stop(), []);
  });

  test('an order with a trail of 10,000 records opens with the first page of it only', TEST_LIMIT, async () => {
    const { page, watch } = sessions.auditor;
    const id = 'PO-2025-000123';  // browser-test.sh published 10,000 refused approvals of it
    const first = await api(`/v1/audit?entity_id=${id}&limit=1000`, 'auditor');
    assert.ok(first.records.length === 1000 && first.next, `${id} has no long trail: ${first.records.length} records`);
    const asked = [];
    const onRequest = (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/v1/')) asked.push(url);
    };
    watch.start();
    page.on('request', onRequest);
    const started = Date.now();
    await visit(page, { path: `/ui/purchase-orders/${id}`, h1: `Purchase order ${id}` });
    const verification = page.getByTestId('timeline-verification');
    await eventually(async () => assert.match(norm(await verification.innerText({ timeout: 1000 })), /^Verified/), 'timeline-verification', 20_000);
    const opened = Date.now() - started;
    page.off('request', onRequest);
    assert.deepEqual(watch.stop(), []);
    const entity = asked.filter((u) => u.pathname === `/v1/purchase-orders/${id}`);
    assert.equal(entity.length, 1, `the order was asked for ${entity.length} times`);
    assert.equal(entity[0].searchParams.get('history'), 'false', 'the order was asked for with its whole history');
    const trail = asked.filter((u) => u.pathname === '/v1/audit');
    assert.equal(trail.length, 1, `the trail was asked for in ${trail.length} pages before "Load more": ${trail.join(' ')}`);
    assert.equal(trail[0].searchParams.get('entity_id'), id);
    assert.ok(Number(trail[0].searchParams.get('limit')) <= 100, `a page of ${trail[0].searchParams.get('limit')} records`);
    await page.getByRole('button', { name: 'Load more' }).waitFor();
    console.log(`# note: ${id} (a trail of 10,000 records and more) opened with its first page verified in ${opened} ms`);
  });

  test('amounts of a lakh and more are grouped 1,25,005.00, never 125,005.00', TEST_LIMIT, async () => {
    const { page } = sessions.viewer;
    const po = [...facts.purchaseOrders].sort((a, b) => Number(b.total) - Number(a.total))[0];
    assert.ok(Number(po.total) >= 100000, 'the samples have no purchase order of a lakh or more');
    await visit(page, { path: '/ui/purchase-orders', h1: 'Purchase orders' });
    const table = await listTable(page);
    const row = table.rows.find((r) => r.id === po.po_id);
    assert.ok(row, `${po.po_id} is not in the list`);
    assert.equal(row.cells[column(table, 'Total')], indian(po.total), `${po.po_id}'s total`);
    const big = facts.invoices.filter((i) => Number(i.total) >= 100000);
    assert.ok(big.length > 0, 'the samples have no invoice of a lakh or more');
    await visit(page, { path: `/ui/invoices/${encodeURIComponent(big[0].invoice_id)}`, h1: `Invoice ${big[0].invoice_id}` });
    const text = norm(await page.getByRole('main').innerText());
    for (const field of ['total', 'subtotal']) {
      assert.ok(text.includes(indian(big[0][field])), `${big[0].invoice_id}'s ${field} ${indian(big[0][field])} is not on its page`);
      assert.ok(!text.includes(western(big[0][field])), `${big[0].invoice_id}'s ${field} is grouped by thousands: ${western(big[0][field])}`);
    }
  });

  test('a dead letter\'s payload is shown as text, never as markup', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    assert.ok(facts.markupLetter, 'no dead letter with markup in its payload (scripts/browser-test.sh publishes one)');
    watch.start();
    const id = facts.markupLetter.id;
    await visit(page, { path: `/ui/dead-letters/${id}`, h1: `Dead letter ${id}` });
    const pres = await page.locator('main pre').allTextContents();
    assert.ok(pres.some((t) => t.includes(facts.markupLetter.payload.trim())), `no <pre> holds the payload as text: ${JSON.stringify(pres)}`);
    assert.equal(await page.locator('main pre img, main img[src="x"]').count(), 0, 'the payload\'s markup became an element');
    assert.equal(await page.evaluate(() => window.__vextrusInjected), undefined, 'the payload\'s script ran');
    assert.deepEqual(watch.stop(), []);
  });
});

describe('roles', () => {
  test('an operator re-drives a dead letter with a reason; the trail and the Audit page show it', TEST_LIMIT, async () => {
    const { page, watch } = sessions.operator;
    assert.ok(facts.redriveLetter, 'no dead letter to re-drive (scripts/browser-test.sh publishes one)');
    const id = facts.redriveLetter.id;
    const reason = `browser test re-drive ${new Date().toISOString()}`;
    const acceptDialog = (dialog) => dialog.accept();
    page.on('dialog', acceptDialog);  // should the console confirm before re-driving
    try {
      watch.start();
      await visit(page, { path: '/ui/dead-letters', h1: 'Dead letters' });
      assert.ok((await page.getByText('Re-drive these').count()) > 0, 'no "Re-drive these" for the operator');
      await visit(page, { path: `/ui/dead-letters/${id}`, h1: `Dead letter ${id}` });
      const redrive = page.getByRole('button', { name: 'Re-drive', exact: true });
      assert.ok(await redrive.isDisabled(), '"Re-drive" is enabled before a dry run');
      await page.getByRole('textbox', { name: 'Reason', exact: true }).fill(reason);
      await page.getByRole('button', { name: 'Dry run', exact: true }).click();
      await eventually(async () => assert.ok(await redrive.isEnabled()), '"Re-drive" after the dry run');
      await redrive.click();
      const record = await eventually(async () => {
        const found = (await auditRecords('chain=ops')).find((r) => r.action === 'redriven' && r.detail?.reason === reason && r.detail?.dry_run === false);
        assert.ok(found, `no redriven record with the reason "${reason}" in GET /v1/audit?chain=ops`);
        return found;
      }, 'the re-drive in the trail');
      assert.deepEqual(record.detail.dead_letter_ids.map(String), [String(id)]);
      assert.equal(record.actor_id, NAMES.operator);
      const dry = (await auditRecords('chain=ops')).find((r) => r.detail?.reason === reason && r.detail?.dry_run === true);
      assert.ok(dry, 'the dry run is not in the trail');
      await visit(page, { path: '/ui/audit', h1: 'Audit' });
      await eventually(async () => {
        const actions = await sectionBody(page, 'Operator actions');
        assert.ok(actions.body.includes(reason), `"Operator actions" lacks "${reason}": ${actions.body.slice(0, 500)}`);
      }, 'the Audit page');
      assert.deepEqual(watch.stop(), []);
    } finally {
      page.off('dialog', acceptDialog);
    }
  });

  test('an auditor has no re-drive controls, and a forged re-drive answers 403', TEST_LIMIT, async () => {
    const { page } = sessions.auditor;
    const id = facts.deadLetter;
    await visit(page, { path: `/ui/dead-letters/${id}`, h1: `Dead letter ${id}` });
    assert.equal(await page.getByRole('button', { name: 'Re-drive', exact: true }).count(), 0, '"Re-drive" for an auditor');
    assert.equal(await page.getByRole('button', { name: 'Dry run', exact: true }).count(), 0, '"Dry run" for an auditor');
    assert.equal(await page.getByRole('textbox', { name: 'Reason', exact: true }).count(), 0, '"Reason" for an auditor');
    await visit(page, { path: '/ui/dead-letters', h1: 'Dead letters' });
    assert.equal(await page.getByText('Re-drive these').count(), 0, '"Re-drive these" for an auditor');
    const reason = `forged by the browser test ${Date.now()}`;
    const answer = await page.evaluate(async ({ id, token, reason }) => {
      const stored = Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)).find((v) => v && v.includes(token));
      if (!stored) return { stored: false };
      const response = await fetch(`/v1/dead-letters/${id}/redrive`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason }),
      });
      return { stored: true, status: response.status, body: await response.text() };
    }, { id, token: TOKENS.auditor, reason });
    assert.ok(answer.stored, 'the auditor\'s token is not in sessionStorage');
    assert.equal(answer.status, 403, `the forged re-drive answered ${answer.status} ${answer.body}`);
    assert.ok(!(await auditRecords('chain=ops')).some((r) => r.detail?.reason === reason), 'the forged re-drive was recorded');
  });

  test('a viewer has no "Audit" link and no verify button on /ui/audit', TEST_LIMIT, async () => {
    const { page, watch } = sessions.viewer;
    await visit(page, { path: '/ui/', h1: 'Overview' });
    const nav = page.getByRole('navigation', { name: 'Main', exact: true });
    assert.equal(await nav.getByRole('link', { name: 'Audit', exact: true }).count(), 0, 'an "Audit" link for a viewer');
    // The console knows the role: it says what the page needs rather than asking /v1/audit for a 403.
    watch.start();
    await visit(page, { path: '/ui/audit' });
    assert.deepEqual(watch.stop(), [], 'errors on /ui/audit for a viewer');
    assert.ok(norm(await page.getByRole('main').innerText()).length > 0, '/ui/audit is blank for a viewer');
    assert.equal(await page.getByRole('button', { name: 'Verify the trail', exact: true }).count(), 0, '"Verify the trail" for a viewer');
    assert.equal(await page.getByRole('button', { name: 'Export', exact: true }).count(), 0, '"Export" for a viewer');
    const id = facts.deadLetter;
    await visit(page, { path: `/ui/dead-letters/${id}`, h1: `Dead letter ${id}` });
    assert.equal(await page.getByRole('button', { name: 'Re-drive', exact: true }).count(), 0, '"Re-drive" for a viewer');
  });
});

describe('keyboard alone', () => {
  // Tab until the focused element is the one `matches` names (a description of the focused
  // element in the page), at most `limit` presses; fails naming what was reached.
  async function tabTo(page, what, matches, limit = 80) {
    const seen = [];
    for (let i = 0; i < limit; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const e = document.activeElement;
        const label = e?.labels?.[0]?.innerText ?? e?.getAttribute?.('aria-label') ?? '';
        return { tag: e?.tagName ?? '', text: (e?.innerText ?? '').trim(), label: label.trim(), type: e?.type ?? '' };
      });
      if (matches(focused)) return;
      seen.push(`${focused.tag}:${focused.text || focused.label}`);
    }
    assert.fail(`Tab never reached ${what}; it went through ${seen.slice(0, 30).join(', ')}`);
  }

  test('skip to the content, filter a list and open an item with the keyboard only', TEST_LIMIT, async () => {
    const { page } = sessions.viewer;
    await visit(page, { path: '/ui/invoices', h1: 'Invoices' });
    // Start from the top of the page, as a keyboard user arriving does.
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => (document.activeElement?.innerText ?? '').trim());
    assert.match(first, /skip/i, `the first Tab stop is "${first}", not the skip link`);
    await page.keyboard.press('Enter');
    await tabTo(page, 'the Status filter', (f) => f.tag === 'SELECT' && /^Status$/.test(f.label));
    // A select takes the first letters of an option: "On hold".
    await page.keyboard.type('On');
    assert.equal(await page.evaluate(() => document.activeElement.value), 'on_hold', 'typing "On" did not choose On hold');
    await tabTo(page, '"Apply filters"', (f) => f.tag === 'BUTTON' && f.text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL(/status=on_hold/);
    await settle(page);
    await tabTo(page, 'the first invoice of the list', (f) => f.tag === 'A' && /^INV-/.test(f.text));
    const id = await page.evaluate(() => document.activeElement.innerText.trim());
    await page.keyboard.press('Enter');
    await heading1(page, `Invoice ${id}`).waitFor();
    // Every control reached on the way showed where the focus was (a visible outline).
    const outline = await page.evaluate(() => {
      const link = document.querySelector('nav a');
      link.focus();
      const style = getComputedStyle(link);
      return { width: style.outlineWidth, style: style.outlineStyle, shadow: style.boxShadow };
    });
    assert.ok((outline.style !== 'none' && outline.width !== '0px') || outline.shadow !== 'none',
      `a focused link shows no outline: ${JSON.stringify(outline)}`);
  });
});

describe('audit and reports', () => {
  test('an auditor verifies the intact trail and exports it', TEST_LIMIT, async () => {
    const { page, watch } = sessions.auditor;
    watch.start();
    await visit(page, { path: '/ui/audit', h1: 'Audit' });
    await page.getByRole('button', { name: 'Verify the trail', exact: true }).click();
    const result = page.getByRole('status').filter({ hasText: /trail/i });
    const text = await eventually(async () => {
      const t = norm(await result.first().innerText({ timeout: 1000 }));
      assert.match(t, /The trail verifies: \d[\d,]* chains?, \d[\d,]* records?/);
      return t;
    }, 'the verification', 30_000);
    const verdict = await api('/v1/audit/verify', 'auditor');
    const [, chains, records] = /(\d[\d,]*) chains?, (\d[\d,]*) records?/.exec(text).map((s) => s.replace(/,/g, ''));
    assert.equal(Number(chains), verdict.chains, 'chains');
    assert.equal(Number(records), verdict.records, 'records');
    // Export the records of today and yesterday (Asia/Dhaka) as NDJSON.
    const day = (offset) => new Date(Date.now() + 6 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(day(-1));
    await page.getByLabel('To', { exact: true }).fill(day(0));
    const format = page.getByLabel('Format', { exact: true });
    if ((await format.evaluate((e) => e.tagName)) === 'SELECT') await format.selectOption({ value: 'ndjson' });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    const body = readFileSync(await download.path(), 'utf8').split('\n').filter(Boolean);
    assert.ok(body.length > 0, 'the export is empty');
    for (const line of body.slice(0, 20)) {
      const record = JSON.parse(line);
      assert.ok(record.chain && record.hash, `not an audit record: ${line}`);
    }
    assert.deepEqual(watch.stop(), []);
  });

  test('reports: VAT by month with its chart, withholding, and the Mushak-6.6 CSV', TEST_LIMIT, async () => {
    const { page, watch } = sessions.viewer;
    const fy = facts.fiscalYear;
    const vat = await api(`/v1/reports/vat?fiscal_year=${fy}`, 'viewer');
    assert.ok(vat.rows.length > 0, `no VAT in ${fy}, the fiscal year of the samples`);
    watch.start();
    await visit(page, { path: `/ui/reports?fiscal_year=${fy}`, h1: 'Reports' });
    const year = page.getByLabel('Fiscal year', { exact: true });
    if ((await year.inputValue()) !== fy) {
      // The console did not take the year from the URL: choose it and submit its form.
      if ((await year.evaluate((e) => e.tagName)) === 'SELECT') await year.selectOption(fy);
      else await year.fill(fy);
      await year.locator('xpath=ancestor::form[1]').locator('button[type=submit], button:not([type])').first().click();
      await settle(page);
    }
    assert.equal(await page.getByLabel('Month', { exact: true }).count(), 1, 'no "Month" control');
    const month = vat.rows[0];
    await eventually(async () => {
      const body = (await sectionBody(page, 'VAT by fiscal month')).body;
      assert.ok(body.includes(indian(month.vat_amount)), `"VAT by fiscal month" lacks ${indian(month.vat_amount)}: ${body.slice(0, 400)}`);
    }, 'the VAT report');
    const chart = page.locator('main svg[role=img]');
    assert.ok((await chart.count()) >= 1, 'no <svg role=img> chart');
    assert.ok(norm(await chart.first().getAttribute('aria-label')) || (await chart.first().locator('title').count()) > 0,
      'the chart has no accessible name');
    const withholding = (await sectionBody(page, 'Withholding by vendor category')).body;
    const wh = await api(`/v1/reports/withholding?fiscal_year=${fy}`, 'viewer');
    assert.ok(withholding.includes(indian(wh.totals.tds_amount)) || wh.rows.every((r) => withholding.includes(indian(r.tds_amount))),
      `"Withholding by vendor category" lacks the TDS amounts: ${withholding.slice(0, 400)}`);
    await sectionBody(page, 'VDS certificates (Mushak-6.6)');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8').split(/\r?\n/);
    assert.match(csv[0], /^withholding_entity_name,withholding_entity_bin,supplier_id/, 'not the Mushak-6.6 CSV');
    assert.ok(csv.length > 1 && csv[1].length > 0, 'the CSV has no lines');
    assert.deepEqual(watch.stop(), []);
  });
});

describe('accessibility (axe-core: no serious or critical violation)', () => {
  async function axe(page) {
    await page.evaluate(AXE_SOURCE);  // evaluated by the browser's debugger: the page's CSP stays in force
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }
  const describeViolation = (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5)
    .map((n) => `      ${n.target.join(' ')}: ${firstLines(n.failureSummary || '', 3).replace(/\n/g, ' ')}`).join('\n')}`;

  test('the sign-in page', TEST_LIMIT, async () => {
    const { context, page } = await newSession();
    try {
      await page.goto(`${BASE}/ui/sign-in`);
      await page.getByLabel('API token', { exact: true }).waitFor();
      const violations = await axe(page);
      assert.equal(violations.length, 0, `\n${violations.map(describeViolation).join('\n')}`);
      // The same after a failed sign-in, with its alert.
      await page.getByLabel('API token', { exact: true }).fill('wrong');
      await page.getByLabel('API token', { exact: true }).press('Enter');
      await page.getByRole('alert').first().waitFor();
      const afterAlert = await axe(page);
      assert.equal(afterAlert.length, 0, `\n${afterAlert.map(describeViolation).join('\n')}`);
    } finally {
      await context.close();
    }
  });

  for (const role of ROLES) {
    test(`every page, as the ${role}`, TEST_LIMIT, async () => {
      const { page } = sessions[role];
      const found = [];
      for (const target of pagesFor(role)) {
        await visit(page, target);
        for (const v of await axe(page)) found.push(`${target.path}: ${describeViolation(v)}`);
      }
      assert.equal(found.length, 0, `\n${found.join('\n')}`);
    });
  }
});

describe('screenshots (desktop 1280 and phone 360; no horizontal scrolling at 360)', () => {
  for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`${width}, as the operator`, TEST_LIMIT, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const { context, page } = await newSession({ viewport });
      const wide = [];
      try {
        await page.goto(`${BASE}/ui/sign-in`);
        await page.getByLabel('API token', { exact: true }).waitFor();
        await page.screenshot({ path: join(SHOTS, `sign-in-${width}.png`), fullPage: true });
        await signIn(page, 'operator');
        for (const target of pagesFor('operator')) {
          await visit(page, target);
          await page.screenshot({ path: join(SHOTS, `${target.key}-${width}.png`), fullPage: true });
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (viewport === PHONE && scrollWidth > PHONE.width + 1) wide.push(`${target.path}: ${scrollWidth}px wide`);
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(wide, [], 'pages that scroll sideways as a whole at 360 px (tables should scroll in their own wrapper)');
    });
  }
});

// Last: this breaks the trail for good.
describe('tampering (last)', () => {
  test('a record changed behind the triggers: "Verify the trail" names the break', TEST_LIMIT, async () => {
    // As a forger would: the detail changed in the columns and in the hashed canonical text alike
    // (the API serves the canonical text, which the timeline rehashes in the browser), the hash
    // left as it was.
    const entity = facts.invoice.replace(/'/g, "''");
    const out = psql(`BEGIN;
      ALTER TABLE audit_log DISABLE TRIGGER USER;
      UPDATE audit_log
         SET detail = jsonb_set(detail, '{policy_id}', to_jsonb('forged-' || (detail->>'policy_id'))),
             canonical = replace(canonical, '"policy_id":"', '"policy_id":"forged-')
       WHERE (chain, seq) = (SELECT chain, seq FROM audit_log WHERE entity_id = '${entity}' AND chain <> 'ops'
                               AND detail ? 'policy_id' ORDER BY chain, seq LIMIT 1)
       RETURNING chain || ' ' || seq;
      ALTER TABLE audit_log ENABLE TRIGGER USER;
      COMMIT;`);
    const changed = out.split('\n').map((l) => /^(\S+) (\d+)$/.exec(l.trim())).find(Boolean);
    assert.ok(changed, `no record of ${facts.invoice} was changed: ${out}`);
    const [, chain, seq] = changed;
    const verdict = await api('/v1/audit/verify', 'auditor');
    assert.equal(verdict.ok, false, `the API still verifies the trail after the change: ${JSON.stringify(verdict)}`);

    const { page } = sessions.auditor;
    await visit(page, { path: '/ui/audit', h1: 'Audit' });
    await page.getByRole('button', { name: 'Verify the trail', exact: true }).click();
    const result = page.getByRole('status').filter({ hasText: /does not verify/i });
    await eventually(async () => {
      const text = norm(await result.first().innerText({ timeout: 1000 }));
      assert.match(text, /The trail does not verify/);
      assert.ok(text.includes(chain), `the result does not name the chain ${chain}: ${text}`);
      assert.match(text, new RegExp(`(#|\\b)${seq}\\b`), `the result does not name the seq ${seq}: ${text}`);
    }, 'the verification', 30_000);
    // The invoice's own timeline says so too.
    await visit(page, { path: `/ui/invoices/${encodeURIComponent(facts.invoice)}`, h1: `Invoice ${facts.invoice}` });
    await eventually(async () => assert.match(norm(await page.getByTestId('timeline-verification').innerText({ timeout: 1000 })), /^Does not verify/),
      'timeline-verification after the change', 20_000);
  });
});
