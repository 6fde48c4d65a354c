import type { ProviderEntry, ProviderPatch } from '@fedlab/protocol';
import type { ListedProvider } from '@fedlab/policy';
import type { Store } from '@fedlab/server';

const PROVIDERS = 'providers';
const META = 'meta';

export class ProviderListError extends Error {
  constructor(readonly code: 'conflict' | 'not-found', message: string) {
    super(message);
  }
}

/**
 * The edge's IM provider list (the seed's "IM Provider" tab). Clearing `allowed` is a temporary block that keeps
 * every setting; removing deletes the entry. Stored, so it survives a restart; seeded once from the topology.
 */
export class ProviderList {
  readonly #entries = new Map<string, ProviderEntry>();

  constructor(readonly store: Store, readonly orgDomains: string[], seed: ProviderEntry[]) {
    if (!store.get<boolean>(META, 'providers-seeded')) {
      store.transaction(() => {
        for (const entry of seed) store.put(PROVIDERS, entry.id, entry);
        store.put(META, 'providers-seeded', true);
      });
    }
    for (const entry of store.list<ProviderEntry>(PROVIDERS)) this.#entries.set(entry.id, entry);
  }

  all(): ProviderEntry[] {
    return [...this.#entries.values()].map((e) => structuredClone(e));
  }

  get(id: string): ProviderEntry | undefined {
    const entry = this.#entries.get(id);
    return entry && structuredClone(entry);
  }

  /** The entry that serves a domain, if any. */
  byDomain(domain: string): ProviderEntry | undefined {
    for (const entry of this.#entries.values()) if (entry.domains.includes(domain)) return structuredClone(entry);
    return undefined;
  }

  add(entry: ProviderEntry): ProviderEntry {
    if (this.#entries.has(entry.id)) throw new ProviderListError('conflict', `A provider with id ${entry.id} is already in the list.`);
    this.#checkDomains(entry.id, entry.domains);
    this.#entries.set(entry.id, structuredClone(entry));
    this.store.put(PROVIDERS, entry.id, entry);
    return structuredClone(entry);
  }

  update(id: string, patch: ProviderPatch): { before: ProviderEntry; after: ProviderEntry } {
    const before = this.get(id);
    if (!before) throw new ProviderListError('not-found', `There is no provider ${id} in the list.`);
    if (patch.domains) this.#checkDomains(id, patch.domains);
    const after: ProviderEntry = { ...before, ...structuredClone(patch), id };
    this.#entries.set(id, after);
    this.store.put(PROVIDERS, id, after);
    return { before, after: structuredClone(after) };
  }

  remove(id: string): ProviderEntry {
    const before = this.get(id);
    if (!before) throw new ProviderListError('not-found', `There is no provider ${id} in the list.`);
    this.#entries.delete(id);
    this.store.delete(PROVIDERS, id);
    return before;
  }

  /** Replaces the whole list (a test reset). */
  replace(entries: ProviderEntry[]): void {
    this.store.transaction(() => {
      this.store.clear(PROVIDERS);
      for (const entry of entries) this.store.put(PROVIDERS, entry.id, entry);
    });
    this.#entries.clear();
    for (const entry of entries) this.#entries.set(entry.id, structuredClone(entry));
  }

  #checkDomains(id: string, domains: string[]): void {
    for (const domain of domains) {
      if (this.orgDomains.includes(domain)) throw new ProviderListError('conflict', `${domain} is a domain of the organization itself.`);
      const owner = [...this.#entries.values()].find((e) => e.id !== id && e.domains.includes(domain));
      if (owner) throw new ProviderListError('conflict', `${domain} is already served by ${owner.name} (${owner.id}).`);
    }
  }
}

export function toListed(entry: ProviderEntry): ListedProvider {
  return { id: entry.id, name: entry.name, fqdn: entry.address.fqdn, public: entry.public, allowed: entry.allowed, filtering: entry.filtering, domains: entry.domains };
}
