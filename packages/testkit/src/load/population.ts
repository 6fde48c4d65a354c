import type { Topology } from '@fedlab/topology';
import { isAddress } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { STEP_BY_ACTION } from '../scenarios/steps/index.ts';
import type { Problem } from '../scenarios/yaml-document.ts';
import type { LoadProfile } from './profile.ts';
import type { InternalPopulationDoc } from './schema.ts';
import { Random } from './random.ts';
import { parseShare } from './units.ts';

/**
 * The users of a load profile, made from its populations: addresses from the name pattern, and the shares that
 * are verified, enabled, or block IM from strangers spread over them by the profile's seed. They are written
 * into the topology before it starts, or created in a running one through the admin APIs.
 */
export interface LoadUser {
  address: string;
  /** The population's index in the profile. */
  population: number;
  /** `home` or a provider id. */
  at: string;
  displayName: string;
  /** Signs in at all (the population's `online` share). */
  online: boolean;
  /** On the Allow list (internal) or the contact list (provider): subscribed to at each sign-in. */
  contacts: string[];
  verified?: boolean;
  enablement?: { federation: boolean; publicIm: boolean };
  subscriptionSetting?: 'allow' | 'block' | 'prompt';
  blockImFromNonAllowList?: boolean;
}

/** Problems only the topology can reveal: providers it does not have, domains that are not theirs. */
export function checkProfileAgainstTopology(profile: LoadProfile, topology: Topology): Problem[] {
  const problems: Problem[] = [];
  const ids = topology.providers.map((p) => p.id);
  const problem = (path: (string | number)[], message: string): Problem => {
    return { file: profile.displayPath, ...profile.locate(path), message };
  };
  const known = (id: string, path: (string | number)[]) => {
    if (!ids.includes(id)) problems.push(problem(path, `no provider '${id}' in the topology; it has ${ids.join(', ')}`));
  };
  for (const p of profile.populations) {
    if (p.doc.at !== 'home') known(p.doc.at, ['populations', p.name, 'at']);
    const domains = domainsOf(topology, p.doc.at);
    if (p.doc.domain && domains && !domains.includes(p.doc.domain)) problems.push(problem(['populations', p.name, 'domain'], `${p.doc.domain} is not a domain of ${p.doc.at} (${domains.join(', ')})`));
  }
  for (const id of Object.keys(profile.doc.providers ?? {})) known(id, ['providers', id]);
  for (const event of profile.timeline) {
    // The provider or link a step names, as the scenario runner finds it.
    const named = STEP_BY_ACTION.get(event.action)?.names?.(event.body);
    const ref = named?.provider ?? (named?.link !== 'home' ? named?.link : undefined);
    if (ref) known(ref, ['timeline', event.index, event.action, ...(named?.field ? [named.field] : [])]);
  }
  return problems;
}

function domainsOf(topology: Topology, at: string): string[] | undefined {
  return at === 'home' ? topology.organization.domains : topology.providers.find((p) => p.id === at)?.domains;
}

/** Makes the users of every population. `runTag` makes the addresses fresh (a running fedlab keeps its users). */
export function generateUsers(profile: LoadProfile, topology: Topology, runTag?: string): LoadUser[] {
  const random = new Random(profile.seed);
  const users: LoadUser[] = [];
  const byPopulation: LoadUser[][] = [];
  profile.populations.forEach((p, index) => {
    const doc = p.doc;
    const domain = doc.domain ?? domainsOf(topology, doc.at)![0]!;
    const pattern = doc.name ?? `${p.name}-{n}${runTag ? '.{run}' : ''}`;
    const share = (value: string | boolean | undefined, fallback: number) => chosen(random, doc.users, parseShare(value, fallback));
    const online = share(doc.online, 1);
    const list: LoadUser[] = [];
    const internal = doc.at === 'home' ? (doc as InternalPopulationDoc) : undefined;
    const verified = 'verified' in doc ? share(doc.verified, 1) : undefined;
    const federation = internal ? share(internal.enablement?.federation, 1) : undefined;
    const publicIm = internal ? share(internal.enablement?.publicIm, 1) : undefined;
    const blockIm = internal ? share(internal.blockImFromNonAllowList, 0) : undefined;
    for (let i = 0; i < doc.users; i++) {
      const local = pattern.replaceAll('{n}', String(i + 1)).replaceAll('{run}', runTag ?? '');
      const address = `${local}@${domain}`.toLowerCase();
      if (!isAddress(address)) throw new Error(`population ${p.name}: ${address} is not a valid address (fix its name pattern)`);
      const user: LoadUser = {
        address, population: index, at: doc.at, displayName: `${p.name} ${i + 1}`, online: online.has(i), contacts: [],
        ...(verified ? { verified: verified.has(i) } : {}),
        ...(internal ? {
          enablement: { federation: federation!.has(i), publicIm: publicIm!.has(i) },
          subscriptionSetting: (internal.subscriptionSetting ?? 'allow') as LoadUser['subscriptionSetting'],
          blockImFromNonAllowList: blockIm!.has(i),
        } : {}),
      };
      list.push(user);
      users.push(user);
    }
    byPopulation.push(list);
  });
  const seen = new Set<string>();
  for (const u of users) {
    if (seen.has(u.address)) throw new Error(`two users would have the address ${u.address}: give the populations different name patterns`);
    seen.add(u.address);
  }
  // Contacts are mutual, as people add each other: each draw puts both on each other's list.
  const names = profile.populations.map((p) => p.name);
  profile.populations.forEach((p, index) => {
    const wanted = p.doc.contacts ?? 0;
    if (!wanted) return;
    const targets = Object.entries(p.talksTo).map(([name, weight]) => ({ list: byPopulation[names.indexOf(name)]!, weight }));
    for (const user of byPopulation[index]!) {
      for (let tries = 0; user.contacts.length < wanted && tries < wanted * 10; tries++) {
        const target = targets[random.weighted(targets.map((t) => t.weight))]!.list;
        const other = random.pick(target);
        if (other === user || user.contacts.includes(other.address)) continue;
        user.contacts.push(other.address);
        if (!other.contacts.includes(user.address)) other.contacts.push(user.address);
      }
    }
  });
  return users;
}

/** Which of n users get a share: round(share × n) of them, spread by the seed. */
function chosen(random: Random, n: number, share: number): Set<number> {
  return new Set(random.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.round(share * n)));
}

/** Writes the users into (a copy of) the topology: the servers start with them. */
export function withUsers(topology: Topology, users: LoadUser[]): Topology {
  const copy = structuredClone(topology);
  for (const u of users) {
    if (u.at === 'home') {
      copy.organization.users.push({
        address: u.address, displayName: u.displayName, enablement: u.enablement!, allow: u.contacts,
        ...(u.subscriptionSetting ? { subscriptionSetting: u.subscriptionSetting } : {}),
        ...(u.blockImFromNonAllowList ? { blockImFromNonAllowList: true } : {}),
      });
    } else {
      copy.providers.find((p) => p.id === u.at)!.users.push({ address: u.address, displayName: u.displayName, verified: u.verified ?? true, contacts: u.contacts });
    }
  }
  return copy;
}

/** Creates the users in a running fedlab through the admin APIs, a few at a time; resolves once all exist. */
export async function createUsers(admin: AdminClient, users: LoadUser[], onProgress?: (done: number) => void, concurrency = 16): Promise<void> {
  let done = 0;
  await eachLimited(users, concurrency, async (u) => {
    if (u.at === 'home') {
      await admin.createUser({
        address: u.address, displayName: u.displayName, enablement: u.enablement!, allow: u.contacts,
        ...(u.subscriptionSetting ? { subscriptionSetting: u.subscriptionSetting } : {}),
        ...(u.blockImFromNonAllowList ? { blockImFromNonAllowList: true } : {}),
      });
    } else await admin.createProviderUser(u.at, { address: u.address, displayName: u.displayName, verified: u.verified ?? true, contacts: u.contacts });
    onProgress?.(++done);
  });
}

/** Deletes users created by createUsers; errors are ignored (a user may be gone already). */
export async function deleteUsers(admin: AdminClient, users: LoadUser[], concurrency = 16): Promise<void> {
  await eachLimited(users, concurrency, async (u) => {
    await (u.at === 'home' ? admin.deleteUser(u.address) : admin.deleteProviderUser(u.at, u.address)).catch(() => undefined);
  });
}

/** Runs fn over items with at most `limit` at once. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}
