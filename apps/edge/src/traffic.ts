import type { AuditEntry, TrafficEntry } from '@fedlab/protocol';
import { newId } from '@fedlab/protocol';
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

  find(filter: { provider?: string; user?: string; outcome?: 'accepted' | 'rejected'; limit?: number }): TrafficEntry[] {
    const matches = this.#entries.filter((e) =>
      (!filter.provider || e.provider === filter.provider) &&
      (!filter.user || e.from === filter.user || e.to === filter.user) &&
      (!filter.outcome || (filter.outcome === 'accepted') === (e.code < 300)),
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

  /** `as`: the entry's own id and time, for a change reported later (the home server's outbox): stored once. */
  add(action: string, target: string, before: unknown, after: unknown, as: { id: string; at: number } = { id: newId(), at: Date.now() }): AuditEntry {
    const entry: AuditEntry = { id: as.id, at: as.at, action, target, before: before ?? null, after: after ?? null };
    this.store.put(AUDIT, `${String(entry.at).padStart(15, '0')}-${entry.id}`, entry);
    for (const listener of this.#listeners) listener(entry);
    return entry;
  }

  list(limit = 500): AuditEntry[] {
    return this.store.list<AuditEntry>(AUDIT).slice(-limit);
  }

  subscribe(listener: (entry: AuditEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
