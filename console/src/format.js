// Formatting of the API's values for people. Pure functions with no browser or package imports,
// so that `node --test console/test/` checks them as they are.
//
// Money arrives as decimal text ("125005.00") and is only ever handled as text or, for arithmetic
// (chart heights), as a BigInt of paisa: never Number(), parseFloat or Intl, which would round
// amounts above 2^53 paisa and print them in another grouping.

const MONEY = /^([+-]?)(\d+)(?:\.(\d*))?$/;

// formatMoney("12345678950.5") → "12,34,56,789.50": Bangladeshi (South Asian) grouping, the last
// three digits, then groups of two; always two decimals (the API sends two; "500" and "500.5" are
// padded). More than two decimals are kept as given, never rounded. Text that is not a decimal
// number comes back unchanged, so nothing is hidden.
export function formatMoney(text) {
  if (text === null || text === undefined) return '—';
  const value = String(text).trim();
  const match = MONEY.exec(value);
  if (!match) return value;
  const sign = match[1] === '-' ? '-' : '';
  const whole = match[2].replace(/^0+(?=\d)/, '');
  const fraction = (match[3] || '').padEnd(2, '0');
  return `${sign}${groupIndian(whole)}.${fraction}`;
}

// "Tk 1,25,005.00": for headings and labels; tables show plain grouped numbers.
export function formatTaka(text) {
  return `Tk ${formatMoney(text)}`;
}

function groupIndian(digits) {
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  const tail = digits.slice(-3);
  const pairs = [];
  for (let end = head.length; end > 0; end -= 2) pairs.unshift(head.slice(Math.max(0, end - 2), end));
  return `${pairs.join(',')},${tail}`;
}

// toPaisa("125005.5") → 12500550n: exact, for sums and proportions. Throws on text that is not
// money with at most two decimals (the caller shows the error rather than a wrong bar).
export function toPaisa(text) {
  const match = MONEY.exec(String(text).trim());
  if (!match || (match[3] && match[3].length > 2)) throw new Error(`not an amount of money: ${text}`);
  const paisa = BigInt(match[2]) * 100n + BigInt((match[3] || '').padEnd(2, '0'));
  return match[1] === '-' ? -paisa : paisa;
}

// fromPaisa(12500550n) → "125005.50", the API's own form, for formatMoney.
export function fromPaisa(paisa) {
  const negative = paisa < 0n;
  const digits = (negative ? -paisa : paisa).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// Times. Bangladesh keeps UTC+06:00 all year (no daylight saving since 2009), but the offset is
// read from Intl all the same so that the text is right by construction.
const DHAKA = 'Asia/Dhaka';
let dhakaParts = null;

function partsInDhaka(date) {
  if (!dhakaParts) {
    dhakaParts = new Intl.DateTimeFormat('en-GB', {
      timeZone: DHAKA, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
      minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
    });
  }
  const parts = {};
  for (const part of dhakaParts.formatToParts(date)) parts[part.type] = part.value;
  // "GMT+06:00" → "+06:00" ("GMT" alone would be UTC itself).
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace(/^GMT/, '');
  return { ...parts, offset };
}

function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

// formatTime("2026-12-07T09:30:00.000000Z") → "2026-12-07 15:30 +06:00" (Asia/Dhaka). Null → "—";
// text that is not a time comes back unchanged.
export function formatTime(iso) {
  const date = toDate(iso);
  if (!date) return iso === null || iso === undefined || iso === '' ? '—' : String(iso);
  const p = partsInDhaka(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.offset}`;
}

// The same with seconds, for the audit trail's records, whose order within a minute matters.
export function formatTimeSeconds(iso) {
  const date = toDate(iso);
  if (!date) return formatTime(iso);
  const p = partsInDhaka(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.offset}`;
}

// The day a time falls on in Dhaka, "2026-12-07".
export function dhakaDay(value) {
  const date = toDate(value);
  if (!date) return null;
  const p = partsInDhaka(date);
  return `${p.year}-${p.month}-${p.day}`;
}

// formatDuration(273600) → "3 d 4 h"; 2700 → "45 min"; 5400 → "1 h 30 min"; 42 → "42 s". Two
// units at most: a countdown to a deadline days away needs no seconds. Negative durations are
// shown by their size; the caller says "ago" or "overdue by".
export function formatDuration(seconds) {
  const total = Math.floor(Math.abs(Number(seconds)));
  if (!Number.isFinite(total)) return '—';
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${total} s`;
}

// Whole numbers (counts) with the same grouping as money: 1,408; 12,34,567.
export function formatCount(n) {
  if (n === null || n === undefined) return '—';
  const text = String(n);
  return /^-?\d+$/.test(text) ? (text.startsWith('-') ? '-' : '') + groupIndian(text.replace('-', '')) : text;
}

// The Bangladesh fiscal year (July to June) a moment lies in, by the day in Dhaka:
// December 2026 → "2026-27", June 2026 → "2025-26".
export function fiscalYearOf(value) {
  const day = dhakaDay(value);
  if (!day) return null;
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const first = month >= 7 ? year : year - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

// The twelve months of a fiscal year, "2025-07" to "2026-06".
export function monthsOfFiscalYear(fiscalYear) {
  const first = Number(String(fiscalYear).slice(0, 4));
  const months = [];
  for (let i = 0; i < 12; i += 1) {
    const month = ((6 + i) % 12) + 1;
    const year = month >= 7 ? first : first + 1;
    months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

// "2025-09" → "September 2025"; short: "Sep 2025".
export function formatMonth(yyyymm, short = false) {
  const match = /^(\d{4})-(\d{2})$/.exec(String(yyyymm));
  if (!match) return String(yyyymm);
  const name = MONTH_NAMES[Number(match[2]) - 1] || match[2];
  return `${short ? name.slice(0, 3) : name} ${match[1]}`;
}

// "a1b2…" abbreviation of a SHA-256 for display; the full hash goes in a title and a copy button.
export function abbreviateHash(hash) {
  const text = String(hash || '');
  return text.length > 16 ? `${text.slice(0, 8)}…${text.slice(-8)}` : text;
}

// Converting between the RFC 3339 times the API takes (with an offset) and the value of an
// <input type="datetime-local">, which is read as Asia/Dhaka wall time.
export function rfc3339ToDhakaLocal(value) {
  const date = toDate(value);
  if (!date) return '';
  const p = partsInDhaka(date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export function dhakaLocalToRfc3339(local) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(String(local || ''));
  if (!match) return '';
  return `${match[1]}T${match[2]}:${match[3] || '00'}+06:00`;
}
