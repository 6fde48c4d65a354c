import type { AuditEntry, TrafficEntry, TrafficQuery } from '@fedlab/protocol';
import { DEFAULT_ACTOR, newId } from '@fedlab/protocol';
import type { Store } from '@fedlab/server';

const AUDIT = 'audit';

/**
 * What crossed the edge, oldest first, bounded; listeners (the admin pages) see each entry as it happens. When
 * full, the sender with the most entries gives up her oldest one (a fair share per sender): a flood from one
 * person never pushes anybody else's requests out of the log. Every step costs the same at any size.
 */
export class TrafficLog {
  #seq = 0;
  /** Entries by sequence number, in the order they came. */
  readonly #entries = new Map<number, TrafficEntry>();
  /** Each sender's entries, oldest first. */
  readonly #bySender = new Map<string, number[]>();
  /** Senders by how many entries they have, and the largest such count. */
  readonly #byCount = new Map<number, Set<string>>();
  #maxCount = 0;
  readonly #listeners = new Set<(entry: TrafficEntry) => void>();

  constructor(readonly capacity = 5000) {}

  add(entry: TrafficEntry): void {
    const seq = ++this.#seq;
    this.#entries.set(seq, entry);
    const queue = this.#bySender.get(entry.from) ?? [];
    this.#bySender.set(entry.from, queue);
    queue.push(seq);
    this.#recount(entry.from, queue.length - 1, queue.length);
    if (this.#entries.size > this.capacity) this.#evict();
    for (const listener of this.#listeners) listener(entry);
  }

  /**
   * The newest `limit` entries (200 by default) that match every filter given, oldest first. `before` pages back:
   * only entries older than that request (by its place in the log; an id no longer kept matches nothing).
   */
  find(filter: TrafficQuery): TrafficEntry[] {
    const entries = [...this.#entries.values()];
    const end = filter.before === undefined ? entries.length : entries.findIndex((e) => e.requestId === filter.before);
    const matches = entries.slice(0, Math.max(end, 0)).filter((e) =>
      (!filter.provider || e.provider === filter.provider) &&
      (!filter.user || e.from === filter.user || e.to === filter.user) &&
      (!filter.outcome || (filter.outcome === 'accepted') === (e.code < 300)) &&
      (!filter.kind || e.kind === filter.kind) &&
      (filter.code === undefined || e.code === filter.code),
    );
    return matches.slice(-(filter.limit ?? 200));
  }

  get(requestId: string): TrafficEntry | undefined {
    for (const e of this.#entries.values()) if (e.requestId === requestId) return e;
    return undefined;
  }

  subscribe(listener: (entry: TrafficEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#entries.clear();
    this.#bySender.clear();
    this.#byCount.clear();
    this.#maxCount = 0;
  }

  /** The heaviest sender gives up her oldest entry. */
  #evict(): void {
    const sender = this.#byCount.get(this.#maxCount)!.values().next().value!;
    const queue = this.#bySender.get(sender)!;
    this.#entries.delete(queue.shift()!);
    this.#recount(sender, queue.length + 1, queue.length);
    if (!queue.length) this.#bySender.delete(sender);
  }

  #recount(sender: string, from: number, to: number): void {
    const old = this.#byCount.get(from);
    old?.delete(sender);
    if (old && !old.size) this.#byCount.delete(from);
    if (to > 0) {
      let set = this.#byCount.get(to);
      if (!set) this.#byCount.set(to, (set = new Set()));
      set.add(sender);
    }
    if (to > this.#maxCount) this.#maxCount = to;
    while (this.#maxCount > 0 && !this.#byCount.has(this.#maxCount)) this.#maxCount--;
  }
}

/** What an audit entry may carry besides the change itself. */
export interface AuditExtras {
  dialogsEnded?: number | undefined;
  as?: { id: string; at: number } | undefined;
}

/** Every admin change: when, what, before and after. Stored. */
export class AuditLog {
  readonly #listeners = new Set<(entry: AuditEntry) => void>();

  constructor(readonly store: Store) {}

  /**
   * Records a change by `actor`. `dialogsEnded`: for a change that cut a path, how many dialogs it ended. `as`: the
   * entry's own id and time, for a change reported later (the home server's outbox), so a repeat is stored once.
   */
  add(action: string, target: string, before: unknown, after: unknown, actor = DEFAULT_ACTOR, extras: AuditExtras = {}): AuditEntry {
    const { id, at } = extras.as ?? { id: newId(), at: Date.now() };
    const { dialogsEnded } = extras;
    const entry: AuditEntry = { id, at, action, target, before: before ?? null, after: after ?? null, actor, ...(dialogsEnded === undefined ? {} : { dialogsEnded }) };
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
