import type { Address, Enablement, Profile, UserLists, UserSettings } from '@fedlab/protocol';
import { DEFAULT_USER_SETTINGS } from '@fedlab/protocol';
import type { TopologyInternalUser } from '@fedlab/topology';
import type { Store } from '@fedlab/server';

/** What the home server keeps of one internal user; everything here survives a restart. */
export interface InternalUser {
  address: Address;
  displayName: string;
  enablement: Enablement;
  lists: UserLists;
  settings: UserSettings;
  note: string;
}

const USERS = 'users';

/**
 * The organization's users. The topology says who exists and how each starts; once an admin or the user has
 * changed something, the stored value wins over the topology on the next start.
 */
export class Directory {
  readonly #users = new Map<Address, InternalUser>();

  constructor(readonly store: Store, readonly seed: TopologyInternalUser[]) {
    for (const u of seed) {
      const stored = store.get<InternalUser>(USERS, u.address);
      this.#users.set(u.address, stored ?? fromTopology(u));
    }
    // Users an admin (or the scenario runner) created at run time.
    for (const stored of store.list<InternalUser>(USERS)) if (!this.#users.has(stored.address)) this.#users.set(stored.address, stored);
  }

  /** Adds a user at run time; false when the address is taken. */
  create(u: TopologyInternalUser): InternalUser | undefined {
    if (this.#users.has(u.address)) return undefined;
    const user = fromTopology(u);
    this.#users.set(u.address, user);
    this.store.put(USERS, u.address, user);
    return user;
  }

  remove(address: Address): boolean {
    this.store.delete(USERS, address);
    return this.#users.delete(address);
  }

  /** Back to the topology: users created at run time are gone, everyone else starts as the topology says. */
  reset(): void {
    this.store.clear(USERS);
    this.#users.clear();
    for (const u of this.seed) this.#users.set(u.address, fromTopology(u));
  }

  get(address: Address): InternalUser | undefined {
    return this.#users.get(address);
  }

  all(): InternalUser[] {
    return [...this.#users.values()];
  }

  /** Applies a change and stores it; returns the user as it is now. */
  update(address: Address, change: (user: InternalUser) => void): InternalUser | undefined {
    const user = this.#users.get(address);
    if (!user) return undefined;
    change(user);
    this.store.put(USERS, address, user);
    return user;
  }

  profileOf(user: InternalUser): Profile {
    return {
      address: user.address, displayName: user.displayName, kind: 'internal',
      lists: structuredClone(user.lists), settings: { ...user.settings }, enablement: { ...user.enablement },
    };
  }
}

function fromTopology(u: TopologyInternalUser): InternalUser {
  return {
    address: u.address,
    displayName: u.displayName,
    enablement: { federation: false, publicIm: false, ...u.enablement },
    lists: { allow: [...(u.allow ?? [])], block: [...(u.block ?? [])] },
    settings: {
      subscriptionSetting: u.subscriptionSetting ?? DEFAULT_USER_SETTINGS.subscriptionSetting,
      blockImFromNonAllowList: u.blockImFromNonAllowList ?? DEFAULT_USER_SETTINGS.blockImFromNonAllowList,
    },
    note: '',
  };
}
