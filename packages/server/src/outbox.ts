import { newId } from '@fedlab/protocol';
import type { Store } from './store.ts';

export interface OutboxItem<T> {
  id: string;
  at: number;
  payload: T;
}

/**
 * Notices a server must deliver to a peer at least once, in order, even across a link that is down or a restart:
 * each is stored until the peer acknowledged it, and sent again when the link returns. The peer recognises a
 * repeat by its id.
 */
export class Outbox<T> {
  #sending = false;
  /** Something was pushed while a flush was running: run once more. */
  #again = false;

  constructor(
    readonly store: Store,
    readonly collection: string,
    /** Delivers one item; resolves true once the peer acknowledged it. */
    readonly deliver: (item: OutboxItem<T>) => Promise<boolean>,
  ) {}

  /** Keeps the notice and tries to deliver everything waiting. */
  push(payload: T, now = Date.now()): OutboxItem<T> {
    const item = { id: newId(), at: now, payload };
    this.store.put(this.collection, `${String(now).padStart(15, '0')}-${item.id}`, item);
    void this.flush();
    return item;
  }

  pending(): OutboxItem<T>[] {
    return this.store.list<OutboxItem<T>>(this.collection);
  }

  /** Delivers what waits, oldest first; stops at the first item the peer does not acknowledge. */
  async flush(): Promise<void> {
    if (this.#sending) {
      this.#again = true;
      return;
    }
    this.#sending = true;
    try {
      do {
        this.#again = false;
        for (const item of this.pending()) {
          if (!(await this.deliver(item).catch(() => false))) return;
          this.store.delete(this.collection, `${String(item.at).padStart(15, '0')}-${item.id}`);
        }
      } while (this.#again);
    } finally {
      this.#sending = false;
    }
  }

  clear(): void {
    this.store.clear(this.collection);
  }
}
