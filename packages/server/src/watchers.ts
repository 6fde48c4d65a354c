import type { Address } from '@fedlab/protocol';
import type { Store } from './store.ts';

/**
 * Presence subscriptions as pairs of target and watcher. The server of the person watched keeps the accepted
 * ones (who gets a notify when her presence changes); the watcher's server keeps the ones its users asked for
 * (which notifies it takes). Persisted when given a store (a row per pair), so that a restart does not silently
 * end them. Indexed both ways, so that counting a person's subscriptions and forgetting a person cost the same
 * at any size.
 */
export class Watchers {
  readonly #byTarget = new Map<Address, Set<Address>>();
  readonly #byWatcher = new Map<Address, Set<Address>>();

  constructor(readonly store?: Store, readonly collection = 'watchers') {
    for (const { target, watcher } of store?.list<{ target: Address; watcher: Address }>(collection) ?? []) this.#index(target, watcher);
  }

  add(target: Address, watcher: Address): void {
    if (this.has(target, watcher)) return;
    this.store?.put(this.collection, `${target} ${watcher}`, { target, watcher });
    this.#index(target, watcher);
  }

  remove(target: Address, watcher: Address): void {
    if (!this.has(target, watcher)) return;
    this.store?.delete(this.collection, `${target} ${watcher}`);
    this.#byTarget.get(target)?.delete(watcher);
    this.#byWatcher.get(watcher)?.delete(target);
  }

  /** Drops every pair in which the address takes part (a user deleted at run time). */
  forget(address: Address): void {
    for (const watcher of this.of(address)) this.remove(address, watcher);
    for (const target of this.watchedBy(address)) this.remove(target, address);
  }

  has(target: Address, watcher: Address): boolean {
    return !!this.#byTarget.get(target)?.has(watcher);
  }

  /** Who watches the target. */
  of(target: Address): Address[] {
    return [...(this.#byTarget.get(target) ?? [])];
  }

  /** Whom the watcher watches. */
  watchedBy(watcher: Address): Address[] {
    return [...(this.#byWatcher.get(watcher) ?? [])];
  }

  /** How many watch the target. */
  watcherCount(target: Address): number {
    return this.#byTarget.get(target)?.size ?? 0;
  }

  /** How many the watcher watches. */
  watchedCount(watcher: Address): number {
    return this.#byWatcher.get(watcher)?.size ?? 0;
  }

  /** Every pair, as [target, watcher]. */
  pairs(): [Address, Address][] {
    return [...this.#byTarget].flatMap(([target, watchers]) => [...watchers].map((watcher): [Address, Address] => [target, watcher]));
  }

  clear(): void {
    this.store?.clear(this.collection);
    this.#byTarget.clear();
    this.#byWatcher.clear();
  }

  #index(target: Address, watcher: Address): void {
    setOf(this.#byTarget, target).add(watcher);
    setOf(this.#byWatcher, watcher).add(target);
  }
}

function setOf(map: Map<Address, Set<Address>>, key: Address): Set<Address> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
