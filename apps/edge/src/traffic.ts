import type { AuditEntry, SecurityEvent, TrafficEntry, TrafficQuery } from '@fedlab/protocol';
import { DEFAULT_ACTOR, newId } from '@fedlab/protocol';
import type { Store } from '@fedlab/server';

const AUDIT = 'audit';

/** What crossed the edge, newest last, bounded; listeners (the admin pages) see each entry as it happens. */
export class TrafficLog {
  readonly #entries: TrafficEntry[] = [];
  readonly #listeners = new Set<(entry: TrafficEntry) => void>();

  constructor(readonly capacity = 5000) {}

  add(entry: TrafficEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
    for (const listener of this.#listeners) listener(entry);
  }

  /**
   * The newest `limit` entries (200 by default) that match every filter given, oldest first. `before` pages back:
   * only entries older than that request (by its place in the log; an id no longer kept matches nothing).
   */
  find(filter: TrafficQuery): TrafficEntry[] {
    const end = filter.before === undefined ? this.#entries.length : this.#entries.findIndex((e) => e.requestId === filter.before);
    const matches = this.#entries.slice(0, Math.max(end, 0)).filter((e) =>
      (!filter.provider || e.provider === filter.provider) &&
      (!filter.user || e.from === filter.user || e.to === filter.user) &&
      (!filter.outcome || (filter.outcome === 'accepted') === (e.code < 300)) &&
      (!filter.kind || e.kind === filter.kind) &&
      (filter.code === undefined || e.code === filter.code),
    );
    return matches.slice(-(filter.limit ?? 200));
  }

  get(requestId: string): TrafficEntry | undefined {
    return this.#entries.find((e) => e.requestId === requestId);
  }

  subscribe(listener: (entry: TrafficEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#entries.length = 0;
  }
}

/** Every admin change: when, what, before and after. Stored. */
export class AuditLog {
  readonly #listeners = new Set<(entry: AuditEntry) => void>();

  constructor(readonly store: Store) {}

  add(action: string, target: string, before: unknown, after: unknown, actor = DEFAULT_ACTOR): AuditEntry {
    const entry: AuditEntry = { id: newId(), at: Date.now(), action, target, before: before ?? null, after: after ?? null, actor };
    this.store.put(AUDIT, `${String(entry.at).padStart(15, '0')}-${entry.id}`, entry);
    for (const listener of this.#listeners) listener(entry);
    return entry;
  }

  list(limit = 500): AuditEntry[] {
    // Entries stored before the log named its actors were all made through REST.
    return this.store.list<AuditEntry>(AUDIT).slice(-limit).map((e) => (e.actor ? e : { ...e, actor: DEFAULT_ACTOR }));
  }

  subscribe(listener: (entry: AuditEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export class SecurityLog {
  readonly #events: SecurityEvent[] = [];

  add(event: SecurityEvent): void {
    this.#events.push(event);
    if (this.#events.length > 1000) this.#events.shift();
  }

  list(): SecurityEvent[] {
    return [...this.#events];
  }
}
