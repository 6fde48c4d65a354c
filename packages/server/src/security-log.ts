import type { SecurityEvent, SecurityEventKind } from '@fedlab/protocol';
import { newId } from '@fedlab/protocol';

/** What a server reports; the log adds id, node, times and count. */
export interface SecurityReport {
  kind: SecurityEventKind;
  /** The peer's IP address, or `link:<provider>`. */
  source: string;
  /** A namespace, a route, `sign-in`, `federation`. */
  where: string;
  subject?: string;
  requestId?: string;
  detail: string;
}

/** One minute: repeats within it are one event with a count. */
export const SECURITY_GROUP_MS = 60_000;

/**
 * A server's security events: wrong tokens, failed sign-ins, refused origins, spoofing, relay attempts, floods of
 * malformed input. Repeats of one kind from one source, at one place, about one subject, within one minute are
 * one event whose count grows, so a flood costs one row a minute. Bounded (oldest out first); listeners see each
 * new or grown event. The guards of every handler call `malformed` for input off the contract.
 */
export class SecurityLog {
  readonly #events = new Map<string, SecurityEvent>();
  /** group key → event id */
  readonly #groups = new Map<string, string>();
  readonly #listeners = new Set<(event: SecurityEvent) => void>();

  constructor(readonly node: string, readonly capacity = 2000) {}

  record(report: SecurityReport, now = Date.now()): SecurityEvent {
    const key = [report.kind, report.source, report.where, report.subject ?? '', Math.floor(now / SECURITY_GROUP_MS)].join('\u0000');
    const existing = this.#events.get(this.#groups.get(key) ?? '');
    if (existing) {
      existing.count += 1;
      existing.lastAt = now;
      this.#notify(existing);
      return existing;
    }
    const event: SecurityEvent = {
      id: newId(), kind: report.kind, node: this.node, source: report.source, where: report.where,
      ...(report.subject ? { subject: report.subject } : {}), ...(report.requestId ? { requestId: report.requestId } : {}),
      detail: report.detail, at: now, lastAt: now, count: 1,
    };
    this.#groups.set(key, event.id);
    this.#events.set(event.id, event);
    this.#evict();
    this.#notify(event);
    return event;
  }

  /** Input off the contract (a guard refused it): grouped per source, place and minute. */
  malformed(source: string, where: string, detail: string): SecurityEvent {
    return this.record({ kind: 'malformed-input', source, where, detail });
  }

  /** Takes events another server recorded (the home server's, at the edge): a known id is replaced. */
  merge(events: SecurityEvent[]): void {
    for (const event of events) {
      this.#events.delete(event.id);
      this.#events.set(event.id, { ...event });
      this.#notify(event);
    }
    this.#evict();
  }

  /** Newest last; filtered by kind, node, time. */
  list(filter: { kind?: SecurityEventKind; node?: string; since?: number; limit?: number } = {}): SecurityEvent[] {
    const matches = [...this.#events.values()].filter((e) =>
      (!filter.kind || e.kind === filter.kind) && (!filter.node || e.node === filter.node) && (filter.since === undefined || e.lastAt >= filter.since));
    return matches.sort((a, b) => a.at - b.at).slice(-(filter.limit ?? 500)).map((e) => ({ ...e }));
  }

  subscribe(listener: (event: SecurityEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#events.clear();
    this.#groups.clear();
  }

  #notify(event: SecurityEvent): void {
    for (const listener of this.#listeners) listener({ ...event });
  }

  #evict(): void {
    for (const id of this.#events.keys()) {
      if (this.#events.size <= this.capacity) break;
      this.#events.delete(id);
    }
    if (this.#groups.size > this.capacity * 2) {
      for (const [key, id] of this.#groups) if (!this.#events.has(id)) this.#groups.delete(key);
    }
  }
}
