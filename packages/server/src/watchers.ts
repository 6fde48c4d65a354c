import type { Address } from '@fedlab/protocol';
import type { Store } from './store.ts';


/**
 * Presence subscriptions as pairs of target and watcher. The server of the person watched keeps the accepted
 * ones (who gets a notify when her presence changes); the watcher's server keeps the ones its users asked for
 * (which notifies it takes). Persisted when given a store, so that a restart does not silently end them.
 */
export class Watchers {
  readonly #byTarget = new Map<Address, Set<Address>>();

  constructor(readonly store?: Store, readonly collection = 'watchers') {
    for (const { target, watcher } of store?.list<{ target: Address; watcher: Address }>(collection) ?? []) this.#set(target).add(watcher);
  }

  add(target: Address, watcher: Address): void {
    this.#set(target).add(watcher);
    this.store?.put(this.collection, `${target} ${watcher}`, { target, watcher });
  }

  remove(target: Address, watcher: Address): void {
    this.#byTarget.get(target)?.delete(watcher);
    this.store?.delete(this.collection, `${target} ${watcher}`);
  }

  /** Drops every pair in which the address takes part (a user deleted at run time). */
  forget(address: Address): void {
    for (const watcher of this.of(address)) this.remove(address, watcher);
    for (const target of [...this.#byTarget.keys()]) if (this.has(target, address)) this.remove(target, address);
  }

  has(target: Address, watcher: Address): boolean {
    return !!this.#byTarget.get(target)?.has(watcher);
  }

  of(target: Address): Address[] {
    return [...(this.#byTarget.get(target) ?? [])];
  }

  clear(): void {
    this.#byTarget.clear();
    this.store?.clear(this.collection);
  }

  #set(target: Address): Set<Address> {
    let set = this.#byTarget.get(target);
    if (!set) this.#byTarget.set(target, (set = new Set()));
    return set;
  }
}
