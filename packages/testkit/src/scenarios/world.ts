import type { LinkFault, ProviderEntry } from '@fedlab/protocol';
import { domainOf } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import type { Topology } from '@fedlab/topology';
import { waitUntil } from '../wait.ts';
import type { LoadedScenario } from './load.ts';
import type { NewProviderDoc } from './parts.ts';
import type { ProviderOverride } from './schema.ts';

/**
 * What a scenario needs of the things every user of a topology shares: the global switch and the edge's entries
 * of the providers it uses. Scenarios whose needs agree run side by side; each need is met ("converged") through
 * the admin API before they start, and the target is put back as it was after the run.
 */
export interface World {
  federation?: boolean;
  /** By provider id: the entry the edge must hold, or null for "not in the list". */
  providers: Map<string, ProviderEntry | null>;
}

/** The edge entry a topology seeds for a provider (what the edge holds after a reset), or null if none. */
export function seedEntry(topology: Topology, id: string): ProviderEntry | null {
  const p = topology.providers.find((x) => x.id === id);
  if (!p?.edge) return null;
  return { id: p.id, name: p.name, address: { fqdn: p.fqdn, port: p.port }, public: p.public, allowed: p.edge.allowed, filtering: p.edge.filtering, domains: [...p.domains] };
}

/** A new entry as an admin enters it: every field not given as the topology's provider has it, allowed, verified-only. */
export function newEntry(topology: Topology, doc: NewProviderDoc): ProviderEntry {
  const p = topology.providers.find((x) => x.id === doc.id)!;
  return {
    id: p.id,
    name: doc.name ?? p.name,
    address: { fqdn: doc.address?.fqdn ?? p.fqdn, port: doc.address?.port ?? p.port },
    public: doc.public ?? p.public,
    allowed: doc.allowed ?? true,
    filtering: doc.filtering ?? 'verified-only',
    domains: doc.domains ?? [...p.domains],
  };
}

export function applyOverride(topology: Topology, id: string, base: ProviderEntry | null, override: ProviderOverride): ProviderEntry | null {
  if (override.listed === false) return null;
  const { listed: _listed, address, ...rest } = override;
  const start = base ?? newEntry(topology, { id });
  return { ...start, ...rest, address: { ...start.address, ...address }, id };
}

/** The provider that serves a domain in the topology. */
export function providerOfDomain(topology: Topology, domain: string): string | undefined {
  return topology.providers.find((p) => p.domains.includes(domain))?.id;
}

/** The providers a scenario involves: where its users are, whom it addresses, what it sets. */
export function providersUsed(scenario: LoadedScenario, topology: Topology): Set<string> {
  const used = new Set<string>();
  const known = new Set(topology.providers.map((p) => p.id));
  const addAddress = (value: unknown) => {
    if (typeof value === 'string' && value.includes('@')) {
      const id = providerOfDomain(topology, domainOf(value));
      if (id) used.add(id);
    }
  };
  for (const user of Object.values(scenario.users)) {
    if ('address' in user) addAddress(user.address);
    else if (user.at !== 'home') used.add(user.at);
    for (const list of ['allow', 'block', 'contacts'] as const) ((user as Record<string, unknown>)[list] as unknown[] | undefined)?.forEach(addAddress);
  }
  for (const id of Object.keys(scenario.doc.topology?.providers ?? {})) used.add(id);
  for (const step of scenario.steps) {
    const body = step.body;
    if (typeof body === 'string' && known.has(body)) used.add(body);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [key, value] of Object.entries(body)) {
        if ((key === 'id' || key === 'link') && typeof value === 'string' && known.has(value)) used.add(value);
        else if (Array.isArray(value)) value.forEach(addAddress);
        else addAddress(value);
      }
    }
  }
  return used;
}

/** The world a scenario needs: the topology's state of what it uses, changed by its overrides. */
export function worldOf(scenario: LoadedScenario, topology: Topology): World {
  const overrides = scenario.doc.topology?.providers ?? {};
  const providers = new Map<string, ProviderEntry | null>();
  for (const id of providersUsed(scenario, topology)) {
    const seed = seedEntry(topology, id);
    providers.set(id, overrides[id] ? applyOverride(topology, id, seed, overrides[id]) : seed);
  }
  const federation = scenario.doc.topology?.federation ?? topology.edge.federationEnabled;
  return { ...(providers.size || scenario.doc.topology?.federation !== undefined ? { federation } : {}), providers };
}

/** What a scenario needs, as keys that two scenarios must agree on to run side by side. */
export function requirementsOf(scenario: LoadedScenario, world: World): Map<string, string> {
  const needs = new Map<string, string>();
  if (world.federation !== undefined) needs.set('federation', String(world.federation));
  for (const [id, entry] of world.providers) needs.set(`provider:${id}`, JSON.stringify(entry && canonical(entry)));
  // An existing user is shared with every other scenario that uses it: never at the same time.
  for (const user of Object.values(scenario.users)) if ('address' in user) needs.set(`user:${user.address}`, scenario.file);
  return needs;
}

function canonical(e: ProviderEntry): ProviderEntry {
  return { id: e.id, name: e.name, address: { fqdn: e.address.fqdn, port: e.address.port }, public: e.public, allowed: e.allowed, filtering: e.filtering, domains: [...e.domains] };
}

export function sameEntry(a: ProviderEntry | null | undefined, b: ProviderEntry | null | undefined): boolean {
  return JSON.stringify(a ? canonical(a) : null) === JSON.stringify(b ? canonical(b) : null);
}

// --- the target's shared state: read it, change it, put it back ---

export interface Snapshot {
  federation: boolean;
  providers: ProviderEntry[];
  faults: Map<string, LinkFault>;
}

export async function takeSnapshot(admin: AdminClient): Promise<Snapshot> {
  const state = await admin.state();
  return {
    federation: state.federationEnabled,
    providers: state.providers.map(canonical),
    faults: new Map(state.links.filter((l) => l.fault && Object.keys(l.fault).length).map((l) => [l.provider, l.fault!])),
  };
}

/**
 * Brings the target to the world: the switch, then each provider entry (removed, added or patched), every fault
 * cleared; then waits until the links of the entries that point at the topology's own servers are up.
 */
export async function converge(admin: AdminClient, topology: Topology, world: World, options: { clearFaults?: boolean } = {}): Promise<void> {
  const state = await admin.state();
  if (world.federation !== undefined && state.federationEnabled !== world.federation) await admin.setFederation(world.federation);
  const current = new Map(state.providers.map((p) => [p.id, p]));
  for (const [id, want] of world.providers) {
    const have = current.get(id) ?? null;
    if (sameEntry(have, want)) continue;
    if (!want) await admin.removeProvider(id);
    else if (!have) await admin.addProvider(canonical(want));
    else {
      const { id: _id, ...patch } = canonical(want);
      await admin.updateProvider(id, patch);
    }
  }
  if (options.clearFaults !== false) {
    for (const link of state.links) if (link.fault && Object.keys(link.fault).length) await admin.clearFault(link.provider);
  }
  const mustConnect = [...world.providers.values()]
    .filter((e): e is ProviderEntry => !!e && reachesTopology(topology, e))
    .map((e) => e.id);
  await linksUp(admin, [...mustConnect, 'home']);
}

/** Puts back what the run found: switch, provider list, faults. */
export async function restore(admin: AdminClient, topology: Topology, snapshot: Snapshot): Promise<void> {
  const world: World = { federation: snapshot.federation, providers: new Map() };
  const state = await admin.state();
  for (const p of state.providers) world.providers.set(p.id, null);
  for (const p of snapshot.providers) world.providers.set(p.id, p);
  await converge(admin, topology, world);
  for (const [link, fault] of snapshot.faults) await admin.setFault(link, fault);
}

function reachesTopology(topology: Topology, entry: ProviderEntry): boolean {
  const p = topology.providers.find((x) => x.id === entry.id);
  return !!p && p.fqdn === entry.address.fqdn && p.port === entry.address.port;
}

export async function linksUp(admin: AdminClient, names: string[], timeoutMs = 15_000): Promise<void> {
  let last = '';
  try {
    await waitUntil(async () => {
      const links = await admin.links();
      const down = names.filter((n) => links.find((l) => l.provider === n)?.state !== 'connected');
      last = down.map((n) => `${n}: ${links.find((l) => l.provider === n)?.state ?? 'no link'}`).join(', ');
      return down.length === 0;
    }, 'links up', { timeoutMs });
  } catch {
    throw new Error(`the links of the edge did not come up within ${timeoutMs} ms (${last})`);
  }
}
