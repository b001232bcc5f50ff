// Run with `node --test console/test/` (Node 20's built-in runner, no packages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatMoney, formatTaka, toPaisa, fromPaisa, formatTime, formatTimeSeconds, formatDuration, formatCount,
  fiscalYearOf, monthsOfFiscalYear, formatMonth, abbreviateHash, rfc3339ToDhakaLocal, dhakaLocalToRfc3339,
} from '../src/format.js';

test('formatMoney groups the Bangladeshi way with two decimals', () => {
  assert.equal(formatMoney('0.00'), '0.00');
  assert.equal(formatMoney('0'), '0.00');
  assert.equal(formatMoney('999.00'), '999.00');
  assert.equal(formatMoney('1000.00'), '1,000.00');
  assert.equal(formatMoney('99999.99'), '99,999.99');
  assert.equal(formatMoney('100000.00'), '1,00,000.00');
  assert.equal(formatMoney('125005.00'), '1,25,005.00');
  assert.equal(formatMoney('1234567.89'), '12,34,567.89');
  assert.equal(formatMoney('10000000.00'), '1,00,00,000.00');
  assert.equal(formatMoney('123456789.50'), '12,34,56,789.50');
  assert.equal(formatMoney('9999999999999999.99'), '9,99,99,99,99,99,99,999.99');
});

test('formatMoney keeps the sign and pads missing decimals', () => {
  assert.equal(formatMoney('-1000.00'), '-1,000.00');
  assert.equal(formatMoney('-0.50'), '-0.50');
  assert.equal(formatMoney('-125005.00'), '-1,25,005.00');
  assert.equal(formatMoney('500'), '500.00');
  assert.equal(formatMoney('500.5'), '500.50');
  assert.equal(formatMoney('500.'), '500.00');
  assert.equal(formatMoney('007.25'), '7.25');
  assert.equal(formatMoney(' 1000.00 '), '1,000.00');
});

test('formatMoney never rounds and shows what it cannot read as it is', () => {
  assert.equal(formatMoney('1.005'), '1.005');
  assert.equal(formatMoney('abc'), 'abc');
  assert.equal(formatMoney('1,000.00'), '1,000.00');
  assert.equal(formatMoney(null), '—');
  assert.equal(formatTaka('100000.00'), 'Tk 1,00,000.00');
});

test('paisa are exact BigInts', () => {
  assert.equal(toPaisa('125005.50'), 12500550n);
  assert.equal(toPaisa('0.05'), 5n);
  assert.equal(toPaisa('500'), 50000n);
  assert.equal(toPaisa('-1.5'), -150n);
  assert.equal(toPaisa('9999999999999999.99'), 999999999999999999n);
  assert.throws(() => toPaisa('1.005'));
  assert.throws(() => toPaisa('1e3'));
  assert.equal(fromPaisa(12500550n), '125005.50');
  assert.equal(fromPaisa(5n), '0.05');
  assert.equal(fromPaisa(-150n), '-1.50');
});

test('formatTime shows Asia/Dhaka with its offset', () => {
  assert.equal(formatTime('2026-12-07T09:30:00.000000Z'), '2026-12-07 15:30 +06:00');
  assert.equal(formatTime('2025-09-30T23:30:00Z'), '2025-10-01 05:30 +06:00');
  assert.equal(formatTime('2025-09-17T10:15:00+06:00'), '2025-09-17 10:15 +06:00');
  assert.equal(formatTime('2025-12-31T18:00:00.000000Z'), '2026-01-01 00:00 +06:00');
  assert.equal(formatTimeSeconds('2025-09-19T04:00:01.256928Z'), '2025-09-19 10:00:01 +06:00');
  assert.equal(formatTime(null), '—');
  assert.equal(formatTime('not a time'), 'not a time');
});

test('formatDuration shows two units at most', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(42), '42 s');
  assert.equal(formatDuration(60), '1 min');
  assert.equal(formatDuration(2700), '45 min');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(5400), '1 h 30 min');
  assert.equal(formatDuration(86400), '1 d');
  assert.equal(formatDuration(3 * 86400 + 4 * 3600), '3 d 4 h');
  assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 59), '3 d 4 h');
  assert.equal(formatDuration(-2700), '45 min');
  assert.equal(formatDuration(400 * 86400), '400 d');
});

test('counts are grouped like money', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(1408), '1,408');
  assert.equal(formatCount(1234567), '12,34,567');
});

test('the fiscal year runs July to June, by the day in Dhaka', () => {
  assert.equal(fiscalYearOf('2026-12-07T09:30:00Z'), '2026-27');
  assert.equal(fiscalYearOf('2026-06-30T12:00:00Z'), '2025-26');
  assert.equal(fiscalYearOf('2026-06-30T18:00:00Z'), '2026-27'); // 1 July 00:00 in Dhaka
  assert.equal(fiscalYearOf('2099-08-01T00:00:00Z'), '2099-00');
  assert.deepEqual(monthsOfFiscalYear('2025-26'), ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12',
    '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
  assert.equal(formatMonth('2025-09'), 'September 2025');
  assert.equal(formatMonth('2025-09', true), 'Sep 2025');
});

test('hashes are abbreviated for display', () => {
  assert.equal(abbreviateHash('91fc4002285bcd87aab038a0b8c1ad486c47639d487f0d79b6d8a0b385c22b40'), '91fc4002…85c22b40');
});

test('datetime-local values are Dhaka wall time', () => {
  assert.equal(dhakaLocalToRfc3339('2025-09-17T10:15'), '2025-09-17T10:15:00+06:00');
  assert.equal(dhakaLocalToRfc3339(''), '');
  assert.equal(rfc3339ToDhakaLocal('2025-09-17T10:15:00+06:00'), '2025-09-17T10:15');
  assert.equal(rfc3339ToDhakaLocal('2025-09-17T00:00:00Z'), '2025-09-17T06:00');
});
