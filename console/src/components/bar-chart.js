// A hand-drawn SVG bar chart of amounts of money, one bar per month. Heights are proportions of
// exact paisa (BigInt), so an amount is never turned into a float; the chart is an image with a
// summary for screen readers, and the table beside it has every figure.
import { html } from '../html.js';
import { formatMoney, formatMonth, formatTaka, fromPaisa, toPaisa } from '../format.js';

const WIDTH = 720;
const HEIGHT = 260;
const TOP = 24; // room for the highest bar's amount
const BOTTOM = 44; // room for the month labels
const PLOT = HEIGHT - TOP - BOTTOM;

// bars: [{month: "2025-09", amount: "608250.00" | null}]; label: what the amounts are.
// The figcaption repeats the summary for sighted readers; it is hidden from screen readers,
// which read it as the image's name already.
export function MonthlyBarChart({ bars, label, summaryPrefix }) {
  const paisa = bars.map((bar) => (bar.amount ? toPaisa(bar.amount) : 0n));
  let max = 0n;
  let maxIndex = -1;
  let total = 0n;
  paisa.forEach((value, index) => {
    total += value;
    if (value > max) {
      max = value;
      maxIndex = index;
    }
  });
  const slot = WIDTH / Math.max(bars.length, 1);
  const barWidth = Math.min(48, slot * 0.6);
  const withAmounts = paisa.filter((v) => v > 0n).length;
  const summary = max > 0n
    ? `${summaryPrefix}: ${formatTaka(fromPaisa(total))} in total; ${withAmounts} of ${bars.length} bars above zero; highest in ${formatMonth(bars[maxIndex].month)}, ${formatTaka(fromPaisa(max))}.`
    : `${summaryPrefix}: no ${label} in this period.`;
  if (max === 0n) return html`<p class="empty">${summary}</p>`;
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label=${summary} class="bar-chart" preserveAspectRatio="xMidYMid meet">
      <line x1="0" y1=${TOP + PLOT} x2=${WIDTH} y2=${TOP + PLOT} class="axis" />
      ${bars.map((bar, index) => {
        // Exact: paisa × plot height ÷ the largest, in BigInt; only the small result becomes a Number.
        const height = max > 0n ? Number((paisa[index] * BigInt(PLOT)) / max) : 0;
        const x = slot * index + (slot - barWidth) / 2;
        const year = bar.month.slice(0, 4);
        return html`<g>
          <rect x=${x} y=${TOP + PLOT - height} width=${barWidth} height=${Math.max(height, paisa[index] > 0n ? 1 : 0)} class="bar" />
          ${index === maxIndex ? html`<text x=${Math.min(Math.max(x + barWidth / 2, 60), WIDTH - 60)} y=${TOP + PLOT - height - 4} class="bar-value" text-anchor="middle">${formatMoney(fromPaisa(max))}</text>` : null}
          <text x=${x + barWidth / 2} y=${TOP + PLOT + 18} class="bar-label" text-anchor="middle">${formatMonth(bar.month, true).slice(0, 3)}</text>
          <text x=${x + barWidth / 2} y=${TOP + PLOT + 34} class="bar-label minor" text-anchor="middle">${year}</text>
        </g>`;
      })}
    </svg>
    <figcaption aria-hidden="true">${summary}</figcaption>
  </figure>`;
}
