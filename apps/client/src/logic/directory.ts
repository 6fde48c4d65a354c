import { isAddress, type Address } from '@fedlab/protocol';
import type { ClientAppConfig } from '../app-config.ts';
import { sidesOf, type Side } from './servers.ts';
import { localPart } from './format.ts';

/** A person a server lists at GET /directory. Untrusted data: checked field by field before use. */
export interface DirectoryUser {
  address: Address;
  displayName: string;
  online: boolean;
  /** Provider users only: whether the provider asserts the user as verified. */
  verified?: boolean;
}

export interface DirectoryGroup {
  side: Side;
  /** Providers only: a public IM service (MSN, Yahoo!, AOL) rather than a federated partner. */
  public?: boolean;
  users: DirectoryUser[];
  /** Set when the server could not be asked or answered nonsense; the group then lists nobody. */
  error?: string;
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** How long one server may take to list its users before its group says it cannot be reached. */
export const DIRECTORY_TIMEOUT_MS = 5000;

/** Asks every server of the topology for its users, in parallel; a server that fails gives a group with an error. */
export async function fetchDirectory(
  config: ClientAppConfig,
  fetchFn: Fetch = (url) => fetch(url, { signal: AbortSignal.timeout(DIRECTORY_TIMEOUT_MS) }),
): Promise<DirectoryGroup[]> {
  return Promise.all(
    sidesOf(config).map(async (side): Promise<DirectoryGroup> => {
      try {
        const response = await fetchFn(`${side.url}/directory`);
        if (!response.ok) return { side, users: [], error: `${side.name} answered ${response.status}` };
        const raw = await response.json();
        const group: DirectoryGroup = { side, users: directoryUsers(raw, side) };
        const isPublic = (raw as { provider?: { public?: unknown } } | null)?.provider?.public;
        if (side.kind === 'provider' && typeof isPublic === 'boolean') group.public = isPublic;
        return group;
      } catch (error) {
        return { side, users: [], error: `${side.name} cannot be reached (${(error as Error).message})` };
      }
    }),
  );
}

/** The valid users of a /directory answer that belong to the side (a server cannot list another side's users). */
export function directoryUsers(raw: unknown, side: Side): DirectoryUser[] {
  const list = (raw as { users?: unknown } | null)?.users;
  if (!Array.isArray(list)) throw new Error(`${side.name} sent a directory without a user list`);
  const users: DirectoryUser[] = [];
  for (const entry of list as Record<string, unknown>[]) {
    const address = entry?.address;
    if (!isAddress(address) || !side.domains.some((d) => address.endsWith(`@${d}`))) continue;
    const displayName = typeof entry.displayName === 'string' && entry.displayName.trim() ? entry.displayName.slice(0, 64) : localPart(address);
    const user: DirectoryUser = { address, displayName, online: entry.online === true };
    if (typeof entry.verified === 'boolean') user.verified = entry.verified;
    users.push(user);
  }
  return users;
}

/** Looks people up by address across every group: display names, verification, side. */
export class DirectoryIndex {
  readonly #users = new Map<Address, DirectoryUser>();

  constructor(groups: DirectoryGroup[] = []) {
    for (const group of groups) for (const user of group.users) this.#users.set(user.address, user);
  }

  get(address: Address): DirectoryUser | undefined {
    return this.#users.get(address);
  }

  /** The display name, or the local part of the address for someone no directory lists. */
  nameOf(address: Address): string {
    return this.#users.get(address)?.displayName ?? localPart(address);
  }
}
