import type { Address } from '@fedlab/protocol';
import type { Store } from './store.ts';

const COLLECTION = 'watchers';

/**
 * Accepted presence subscriptions, kept by the server of the person watched: who gets a notify when her
 * presence changes. Persisted when given a store, so that a restart does not silently end them.
 */
export class Watchers {
  readonly #byTarget = new Map<Address, Set<Address>>();

  constructor(readonly store?: Store) {
    for (const { target, watcher } of store?.list<{ target: Address; watcher: Address }>(COLLECTION) ?? []) this.#set(target).add(watcher);
  }

  add(target: Address, watcher: Address): void {
    this.#set(target).add(watcher);
    this.store?.put(COLLECTION, `${target} ${watcher}`, { target, watcher });
  }

  remove(target: Address, watcher: Address): void {
    this.#byTarget.get(target)?.delete(watcher);
    this.store?.delete(COLLECTION, `${target} ${watcher}`);
  }

  has(target: Address, watcher: Address): boolean {
    return !!this.#byTarget.get(target)?.has(watcher);
  }

  of(target: Address): Address[] {
    return [...(this.#byTarget.get(target) ?? [])];
  }

  clear(): void {
    this.#byTarget.clear();
    this.store?.clear(COLLECTION);
  }

  #set(target: Address): Set<Address> {
    let set = this.#byTarget.get(target);
    if (!set) this.#byTarget.set(target, (set = new Set()));
    return set;
  }
}
