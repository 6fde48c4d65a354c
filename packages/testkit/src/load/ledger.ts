import type { Kind } from './recorder.ts';

/**
 * Delivery accounting. A sender reports every answer it got, a recipient every request its client accepted; the
 * ledger joins them by request id: every request answered (senders count the ones left unanswered), every 200
 * delivered exactly once, nothing delivered that was answered with a failure, and (recipients check it) the
 * messages of a session in the order they were sent.
 */

/**
 * The kinds whose 200 says the recipient's client has them, so that their delivery can be accounted. Not `bye`:
 * the recipient's server answers it once it has closed the session on its side, and passes it on to the client
 * without waiting (apps/home, apps/provider), so a bye to someone signing out just then is answered 200 and
 * never delivered, by design.
 */
export const DELIVERED_KINDS: readonly Kind[] = ['invite', 'message', 'typing'];

export interface AnswerEvent {
  id: string;
  kind: Kind;
  path: string;
  code: number;
  /** Epoch ms. */
  at: number;
}

export interface DeliveryCounts {
  /** Requests of the delivered kinds whose answer the ledger saw. */
  answered: number;
  /** Of them, answered 200. */
  accepted: number;
  /** Accepted by the recipient's client, once or more. */
  delivered: number;
  /** Answered 200, never delivered. */
  lost: number;
  /** Delivered more than once (counted once per request). */
  duplicated: number;
  /** Delivered after its sender was told it failed (a failure answer, then the delivery). */
  deliveredAfterFailure: number;
  /** Answered with a failure, yet delivered, before or after the answer (e.g. a 408 whose answer came too late). */
  failedButDelivered: number;
  /** Sent and never answered (reported by the senders at the end). */
  unanswered: number;
  /** Messages a recipient got after a later message of the same session. */
  outOfOrder: number;
}

export function emptyCounts(): DeliveryCounts {
  return { answered: 0, accepted: 0, delivered: 0, lost: 0, duplicated: 0, deliveredAfterFailure: 0, failedButDelivered: 0, unanswered: 0, outOfOrder: 0 };
}

interface Entry {
  kind?: Kind;
  path?: string;
  code?: number;
  answeredAt?: number;
  deliveries: number;
  lastDeliveryAt?: number;
}

export class DeliveryLedger {
  readonly #entries = new Map<string, Entry>();
  /** By `kind|path`. */
  readonly byRow = new Map<string, DeliveryCounts>();
  /** Examples of each violation, for the report (a few request ids each). */
  readonly examples: Record<'lost' | 'duplicated' | 'deliveredAfterFailure' | 'failedButDelivered', string[]> = { lost: [], duplicated: [], deliveredAfterFailure: [], failedButDelivered: [] };

  /** An entry is judged once its answer is this old: a delivery cannot come later than every deadline. */
  constructor(readonly settleMs: number) {}

  answered(e: AnswerEvent): void {
    const entry = this.#entry(e.id);
    entry.kind = e.kind;
    entry.path = e.path;
    entry.code = e.code;
    entry.answeredAt = e.at;
  }

  /** The recipient's client accepted the request at `at` (epoch ms, the same clock as the answers'). */
  delivered(id: string, at: number): void {
    const entry = this.#entry(id);
    entry.deliveries++;
    entry.lastDeliveryAt = Math.max(entry.lastDeliveryAt ?? 0, at);
  }

  unanswered(kind: Kind, path: string, count: number): void {
    this.#row(kind, path).unanswered += count;
  }

  outOfOrder(kind: Kind, path: string, count: number): void {
    this.#row(kind, path).outOfOrder += count;
  }

  /** Judges every answered entry older than settleMs at `now` (epoch ms); all of them when now is Infinity. */
  sweep(now: number): void {
    for (const [id, entry] of this.#entries) {
      if (entry.answeredAt === undefined || entry.answeredAt > now - this.settleMs) continue;
      this.#entries.delete(id);
      const row = this.#row(entry.kind!, entry.path!);
      row.answered++;
      if (entry.deliveries > 0) row.delivered++;
      if (entry.code === 200) {
        row.accepted++;
        if (entry.deliveries === 0) this.#violation(row, 'lost', id);
        if (entry.deliveries > 1) this.#violation(row, 'duplicated', id);
      } else if (entry.code !== 202 && entry.deliveries > 0) {
        this.#violation(row, 'failedButDelivered', id);
        if (entry.lastDeliveryAt! > entry.answeredAt) this.#violation(row, 'deliveredAfterFailure', id);
      }
    }
  }

  /** The end of the run: every answered entry is judged; deliveries whose answer never came are the senders' unanswered. */
  finish(): void {
    this.sweep(Infinity);
    this.#entries.clear();
  }

  /** Pending entries (answered or delivered, not judged yet). */
  get pending(): number {
    return this.#entries.size;
  }

  totals(filter: (kind: Kind, path: string) => boolean = () => true): DeliveryCounts {
    const total = emptyCounts();
    for (const [key, counts] of this.byRow) {
      const [kind, path] = key.split('|') as [Kind, string];
      if (!filter(kind, path)) continue;
      for (const k of Object.keys(total) as (keyof DeliveryCounts)[]) total[k] += counts[k];
    }
    return total;
  }

  #violation(row: DeliveryCounts, what: keyof typeof this.examples, id: string): void {
    row[what]++;
    if (this.examples[what].length < 5) this.examples[what].push(id);
  }

  #entry(id: string): Entry {
    let entry = this.#entries.get(id);
    if (!entry) this.#entries.set(id, (entry = { deliveries: 0 }));
    return entry;
  }

  #row(kind: Kind, path: string): DeliveryCounts {
    const key = `${kind}|${path}`;
    let row = this.byRow.get(key);
    if (!row) this.byRow.set(key, (row = emptyCounts()));
    return row;
  }
}
