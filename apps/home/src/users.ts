import type { Address, Enablement, Profile, UserLists, UserSettings } from '@fedlab/protocol';
import { DEFAULT_USER_SETTINGS } from '@fedlab/protocol';
import type { TopologyInternalUser } from '@fedlab/topology';
import { LIST_ENTRIES_TABLE, type Person, type PersonSeed, type Store } from '@fedlab/server';

/** What the home server keeps of an internal user besides her name, note and lists. */
export interface HomeData {
  enablement: Enablement;
  settings: UserSettings;
}

export type InternalUser = Person<HomeData>;

/** How a user of the topology (or one an admin creates) starts. */
export function seedOf(u: TopologyInternalUser): PersonSeed<HomeData> {
  return {
    address: u.address,
    displayName: u.displayName,
    data: {
      enablement: { federation: false, publicIm: false, ...u.enablement },
      settings: {
        subscriptionSetting: u.subscriptionSetting ?? DEFAULT_USER_SETTINGS.subscriptionSetting,
        blockImFromNonAllowList: u.blockImFromNonAllowList ?? DEFAULT_USER_SETTINGS.blockImFromNonAllowList,
      },
    },
    lists: { allow: u.allow ?? [], block: u.block ?? [] },
  };
}

export function profileOf(user: InternalUser, lists: UserLists): Profile {
  return {
    address: user.address, displayName: user.displayName, kind: 'internal',
    lists, settings: { ...user.data.settings }, enablement: { ...user.data.enablement },
  };
}

/** The shape earlier versions stored, one document per user with the lists inside. */
interface StoredUserV1 extends HomeData {
  address: Address;
  displayName: string;
  note: string;
  lists: UserLists;
}

/**
 * A home.db written by an earlier version keeps each user as one document with both lists inside; this moves
 * them to the current shape (a person, and a row per list entry) once, so nothing a user set is lost.
 */
export function migrateStoredUsers(store: Store): void {
  const old = store.list<StoredUserV1>('users');
  if (!old.length) return;
  store.table(LIST_ENTRIES_TABLE);
  const entry = store.statement('INSERT OR IGNORE INTO list_entries (owner, list, address) VALUES (?, ?, ?)');
  store.transaction(() => {
    for (const u of old) {
      store.put('people', u.address, { address: u.address, displayName: u.displayName, note: u.note ?? '', data: { enablement: u.enablement, settings: u.settings } });
      for (const list of ['allow', 'block'] as const) for (const other of u.lists?.[list] ?? []) entry.run(u.address, list, other);
    }
    store.clear('users');
  });
}
