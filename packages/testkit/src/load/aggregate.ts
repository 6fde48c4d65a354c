import { decodeHistogram, newHistogram, summarize, type Histogram, type LatencySummary } from './histogram.ts';
import { outcomeOf, type Kind, type RowDelta } from './recorder.ts';

/** One point of the plots: what was answered in one interval of the run. */
export interface IntervalPoint {
  /** Start of the interval, ms from the start of the run. */
  t: number;
  /** Answers in the interval, per second. */
  rate: number;
  latency: LatencySummary;
  /** p99 of each kind in the interval (ms), for the kinds that had answers. */
  p99ByKind: Partial<Record<Kind, number>>;
  /** Answers by code in the interval. */
  codes: Record<string, number>;
  errors: number;
  signedIn: number;
}

export interface RowTotal {
  kind: Kind;
  path: string;
  histogram: Histogram;
  codes: Record<string, number>;
  reasons: Record<string, number>;
}

interface OpenInterval {
  index: number;
  all: Histogram;
  byKind: Map<Kind, Histogram>;
  codes: Record<string, number>;
  count: number;
  /** The last count each process reported in the interval. */
  signedIn: Map<number, number>;
}

/**
 * The coordinator's view: every process's deltas merged into totals per kind and path, and into intervals for
 * the plots. An interval is summarized once it is old enough that no late delta can still belong to it; only
 * the summary is kept, so a soak's memory does not grow with its length.
 */
export class Aggregate {
  readonly rows = new Map<string, RowTotal>();
  readonly points: IntervalPoint[] = [];
  readonly #open = new Map<number, OpenInterval>();

  constructor(readonly intervalMs: number) {}

  /** Adds one process's delta, covering the interval that contains `tMs` (ms from the start). */
  add(deltas: RowDelta[], tMs: number): void {
    const interval = this.#interval(Math.max(0, Math.floor(tMs / this.intervalMs)));
    for (const delta of deltas) {
      const histogram = decodeHistogram(delta.histogram);
      const key = `${delta.kind}|${delta.path}`;
      let row = this.rows.get(key);
      if (!row) this.rows.set(key, (row = { kind: delta.kind, path: delta.path, histogram: newHistogram(), codes: {}, reasons: {} }));
      row.histogram.add(histogram);
      merge(row.codes, delta.codes);
      merge(row.reasons, delta.reasons);
      interval.all.add(histogram);
      let byKind = interval.byKind.get(delta.kind);
      if (!byKind) interval.byKind.set(delta.kind, (byKind = newHistogram()));
      byKind.add(histogram);
      merge(interval.codes, delta.codes);
      interval.count += histogram.totalCount;
    }
  }

  /** The signed-in users of one process at tMs; an interval shows the sum of each process's last report. */
  addSignedIn(process: number, count: number, tMs: number): void {
    this.#interval(Math.max(0, Math.floor(tMs / this.intervalMs))).signedIn.set(process, count);
  }

  /** Summarizes every interval that ended before `beforeMs` (all of them when absent). */
  close(beforeMs = Infinity): void {
    for (const [index, open] of [...this.#open].sort((a, b) => a[0] - b[0])) {
      if ((index + 1) * this.intervalMs > beforeMs) continue;
      this.#open.delete(index);
      const errors = Object.entries(open.codes).filter(([code]) => outcomeOf(Number(code)) === 'error').reduce((n, [, c]) => n + c, 0);
      this.points.push({
        t: index * this.intervalMs,
        rate: open.count / (this.intervalMs / 1000),
        latency: summarize(open.all),
        p99ByKind: Object.fromEntries([...open.byKind].map(([kind, h]) => [kind, summarize(h).p99])),
        codes: open.codes,
        errors,
        signedIn: [...open.signedIn.values()].reduce((a, b) => a + b, 0),
      });
    }
    this.points.sort((a, b) => a.t - b.t);
  }

  #interval(index: number): OpenInterval {
    let open = this.#open.get(index);
    if (!open) this.#open.set(index, (open = { index, all: newHistogram(), byKind: new Map(), codes: {}, count: 0, signedIn: new Map() }));
    return open;
  }
}

function merge(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
