import type { Store } from '@fedlab/server';

const SECRETS = 'link-secrets';

/**
 * The link secret of each provider entry, by id: the one an admin gave when adding the entry at run time (stored,
 * so it survives a restart, and forgotten when the entry is removed), else the one the edge was started with
 * (the topology's `linkSecret`, or FEDLAB_LINK_SECRETS). Never shown by any route.
 */
export class EntrySecrets {
  constructor(readonly store: Store, readonly startup: Record<string, string>) {}

  of(id: string): string | undefined {
    return this.store.get<string>(SECRETS, id) ?? this.startup[id];
  }

  set(id: string, secret: string): void {
    this.store.put(SECRETS, id, secret);
  }

  forget(id: string): void {
    this.store.delete(SECRETS, id);
  }

  reset(): void {
    this.store.clear(SECRETS);
  }
}
