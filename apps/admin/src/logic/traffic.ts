import type { RequestKind, TrafficEntry } from '@fedlab/protocol';
import { isAccepted } from './format.ts';

/** The filters of the Live traffic panel. Empty strings mean "any". */
export interface TrafficFilter {
  kind: '' | RequestKind;
  provider: string;
  /** A status code, as typed in the select ("403"). */
  code: string;
  user: string;
  outcome: '' | 'accepted' | 'rejected';
}

export const NO_FILTER: TrafficFilter = { kind: '', provider: '', code: '', user: '', outcome: '' };

/** Accepted: 2xx; rejected: anything else. The user filter matches part of the sender or the recipient. */
export function matchesTraffic(entry: TrafficEntry, filter: TrafficFilter): boolean {
  if (filter.kind && entry.kind !== filter.kind) return false;
  if (filter.provider && entry.provider !== filter.provider) return false;
  if (filter.code && String(entry.code) !== filter.code) return false;
  const user = filter.user.trim().toLowerCase();
  if (user && !entry.from.toLowerCase().includes(user) && !entry.to.toLowerCase().includes(user)) return false;
  if (filter.outcome && (filter.outcome === 'accepted') !== isAccepted(entry.code)) return false;
  return true;
}

/** One row of the table: a request, or a run of typing notices folded into one (the newest, and how many). */
export interface TrafficRow {
  entry: TrafficEntry;
  /** Typing notices this row stands for (1: not folded). */
  count: number;
  /** The requests it stands for, newest first. */
  requestIds: string[];
}

/**
 * Rows, newest first: with `fold`, consecutive typing notices between the same two people with the same outcome
 * become one row (a person typing sends one every few seconds; 200 of them say nothing 200 rows could not say).
 */
export function trafficRows(newestFirst: readonly TrafficEntry[], fold: boolean): TrafficRow[] {
  const rows: TrafficRow[] = [];
  for (const entry of newestFirst) {
    const last = rows.at(-1);
    if (fold && last && entry.kind === 'typing' && last.entry.kind === 'typing' && sameRun(last.entry, entry)) {
      last.count++;
      last.requestIds.push(entry.requestId);
    } else {
      rows.push({ entry, count: 1, requestIds: [entry.requestId] });
    }
  }
  return rows;
}

function sameRun(a: TrafficEntry, b: TrafficEntry): boolean {
  return a.from === b.from && a.to === b.to && a.code === b.code && a.reason === b.reason;
}

export const TRAFFIC_PAGE = 50;

/** One page of rows (0: the newest), and how many pages there are (at least one). */
export function pageOf<T>(rows: readonly T[], page: number, size = TRAFFIC_PAGE): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(current * size, (current + 1) * size), page: current, pages };
}
