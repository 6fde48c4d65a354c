/**
 * Line charts as inline SVG, for the HTML report: no script, no CDN, nothing to load. Time runs along x (seconds
 * from the start); the timeline's actions are dashed vertical lines with their label.
 */

export interface Line {
  name: string;
  color: string;
  /** [ms from the start, value]. */
  points: [number, number][];
  dashed?: boolean;
}

export interface ChartOptions {
  /** A stable id: `data-plot` of the figure (tests and readers find plots by it). */
  id: string;
  title: string;
  /** What y is, with its unit: "ms", "answers/s", "% of one core". */
  yLabel: string;
  lines: Line[];
  /** The end of the x axis, ms. */
  xMaxMs: number;
  marks?: { t: number; label: string }[];
  /** A logarithmic y axis (latencies: p50 and max differ by orders of magnitude). */
  log?: boolean;
  /** Shaded phases, e.g. the ramp-up. */
  bands?: { from: number; to: number; label: string }[];
}

const WIDTH = 960;
const HEIGHT = 280;
const M = { top: 16, right: 16, bottom: 36, left: 64 };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function lineChart(o: ChartOptions): string {
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const values = o.lines.flatMap((l) => l.points.map((p) => p[1])).filter((v) => Number.isFinite(v));
  const xMax = Math.max(1000, o.xMaxMs);
  const x = (t: number) => M.left + (Math.min(t, xMax) / xMax) * plotW;
  let y: (v: number) => number;
  let yTicks: number[];
  if (o.log) {
    const positive = values.filter((v) => v > 0);
    const lo = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, Math.min(...positive, 1)))));
    const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(lo * 10, ...positive))));
    y = (v: number) => M.top + plotH - ((Math.log10(Math.max(lo, v)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
    yTicks = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) yTicks.push(t);
  } else {
    const hi = niceCeiling(Math.max(1, ...values));
    y = (v: number) => M.top + plotH - (v / hi) * plotH;
    yTicks = Array.from({ length: 5 }, (_, i) => (hi * i) / 4);
  }
  const xStep = niceStep(xMax / 1000 / 8) * 1000;
  const xTicks: number[] = [];
  for (let t = 0; t <= xMax + 1; t += xStep) xTicks.push(t);

  const parts: string[] = [];
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  for (const band of o.bands ?? []) {
    parts.push(`<rect x="${x(band.from).toFixed(1)}" y="${M.top}" width="${Math.max(0, x(band.to) - x(band.from)).toFixed(1)}" height="${plotH}" class="band"><title>${escapeHtml(band.label)}</title></rect>`);
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" class="tick" text-anchor="end">${formatTick(t)}</text>`);
  }
  for (const t of xTicks) parts.push(`<text x="${x(t).toFixed(1)}" y="${HEIGHT - M.bottom + 16}" class="tick" text-anchor="middle">${formatTick(t / 1000)}</text>`);
  parts.push(`<text x="${M.left + plotW / 2}" y="${HEIGHT - 4}" class="axis" text-anchor="middle">seconds from the start</text>`);
  parts.push(`<text x="14" y="${M.top + plotH / 2}" class="axis" text-anchor="middle" transform="rotate(-90 14 ${M.top + plotH / 2})">${escapeHtml(o.yLabel)}</text>`);
  // Labels on two rows, and only where they do not run into the previous one of their row (hover shows every one).
  const rowEnds = [-Infinity, -Infinity];
  for (const mark of o.marks ?? []) {
    const at = x(mark.t);
    parts.push(`<line x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${M.top}" y2="${M.top + plotH}" class="mark"><title>${escapeHtml(mark.label)}</title></line>`);
    const row = rowEnds.findIndex((end) => end < at);
    if (row < 0) continue;
    rowEnds[row] = at + 6 + mark.label.length * 5.6;
    parts.push(`<text x="${(at + 3).toFixed(1)}" y="${M.top + 11 + row * 12}" class="mark-label">${escapeHtml(mark.label)}</text>`);
  }
  for (const line of o.lines) {
    const pts = line.points.filter((p) => Number.isFinite(p[1]) && (!o.log || p[1] > 0));
    if (!pts.length) continue;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" class="series" data-series="${escapeHtml(line.name)}" stroke="${line.color}"${line.dashed ? ' stroke-dasharray="5 4"' : ''}><title>${escapeHtml(line.name)}</title></path>`);
    if (pts.length === 1) parts.push(`<circle cx="${x(pts[0]![0]).toFixed(1)}" cy="${y(pts[0]![1]).toFixed(1)}" r="3" fill="${line.color}"/>`);
  }
  const legend = o.lines.map((l) => `<span class="key"><i style="background:${l.color}"></i>${escapeHtml(l.name)}</span>`).join('');
  const empty = values.length ? '' : `<text x="${M.left + plotW / 2}" y="${M.top + plotH / 2}" class="axis" text-anchor="middle">nothing to show</text>`;
  return `<figure class="plot" data-plot="${o.id}" data-lines="${o.lines.length}">
<figcaption><b>${escapeHtml(o.title)}</b> ${legend}</figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${escapeHtml(o.title)}">${parts.join('')}${empty}</svg>
</figure>`;
}

/** Colours that stay apart on white, for up to a dozen lines. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#ad494a'];

function niceCeiling(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function niceStep(v: number): number {
  if (v <= 1) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return `${Math.round(v / 100) / 10}k`;
  if (Math.abs(v) < 1) return String(Math.round(v * 100) / 100);
  return String(Math.round(v * 10) / 10);
}
