import { encodeHistogram, newHistogram, recordMs, type Histogram } from './histogram.ts';

/**
 * What one process of the generator measured since it last reported: for each request kind and path, the
 * answer latencies (an HDR histogram) and the answers by code and by reason.
 */

/** The kinds of work measured: the protocol's client requests, plus sign-in and presence changes (commands). */
export const KINDS = ['sign-in', 'presence', 'subscribe', 'unsubscribe', 'invite', 'message', 'typing', 'bye'] as const;
export type Kind = (typeof KINDS)[number];

/** Code 0: no answer came at all (a sign-in that failed to connect, a request left unanswered). */
export const NO_ANSWER = 0;

export type Outcome = 'ok' | 'rejected' | 'error';

/**
 * ok: accepted or pending. error: the system failed to answer as it should (a deadline ran out, rate limited,
 * a server error, unreachable, no answer at all). Everything else is an answer by policy or by state (403, 404,
 * 480, 400 for a session the peer no longer has): the system did its job.
 */
export function outcomeOf(code: number): Outcome {
  if (code === 200 || code === 202) return 'ok';
  if (code === 408 || code === 429 || code === 500 || code === 504 || code === NO_ANSWER) return 'error';
  return 'rejected';
}

export interface RowDelta {
  kind: Kind;
  /** colleague, inbound <provider>, outbound <provider>, local <provider>, relay <p>→<q>; for sign-in and presence the server. */
  path: string;
  /** The histogram of latencies, compressed. */
  histogram: string;
  codes: Record<string, number>;
  reasons: Record<string, number>;
}

interface Row {
  kind: Kind;
  path: string;
  histogram: Histogram;
  codes: Record<string, number>;
  reasons: Record<string, number>;
}

export class Recorder {
  #rows = new Map<string, Row>();

  record(kind: Kind, path: string, ms: number, code: number, reason: string): void {
    const key = `${kind}|${path}`;
    let row = this.#rows.get(key);
    if (!row) this.#rows.set(key, (row = { kind, path, histogram: newHistogram(), codes: {}, reasons: {} }));
    recordMs(row.histogram, ms);
    row.codes[code] = (row.codes[code] ?? 0) + 1;
    row.reasons[reason] = (row.reasons[reason] ?? 0) + 1;
  }

  /** What was recorded since the last call, ready to travel; the recorder starts over. */
  take(): RowDelta[] {
    const rows = [...this.#rows.values()].filter((r) => r.histogram.totalCount > 0);
    this.#rows = new Map();
    return rows.map((r) => ({ kind: r.kind, path: r.path, histogram: encodeHistogram(r.histogram), codes: r.codes, reasons: r.reasons }));
  }
}

/** The path of a request between two places: the home server (`home`) or a provider id. */
export function pathOf(from: string, to: string): string {
  if (from === 'home' && to === 'home') return 'colleague';
  if (to === 'home') return `inbound ${from}`;
  if (from === 'home') return `outbound ${to}`;
  if (from === to) return `local ${from}`;
  return `relay ${from}→${to}`;
}
