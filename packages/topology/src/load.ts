import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FEDERATION_SETTINGS, domainOf, federationLimitsProblem, parse, partnerDomainConflict, type FederationTab } from '@fedlab/protocol';
import { TopologySchema, type Topology } from './schema.ts';

export const DEFAULT_TOPOLOGY_PATH = fileURLToPath(new URL('../topologies/default.json', import.meta.url));

export class TopologyError extends Error {
  override name = 'TopologyError';
}

/** Validates a topology: its shape, then what a schema cannot say (unique addresses, domains in one place). */
export function validateTopology(value: unknown): Topology {
  const parsed = parse(TopologySchema, value);
  if (!parsed.ok) throw new TopologyError(`invalid topology: ${parsed.error}`);
  const topology = parsed.value;
  const owner = new Map<string, string>();
  const claim = (domain: string, who: string) => {
    const previous = owner.get(domain);
    if (previous) throw new TopologyError(`domain ${domain} is claimed by both ${previous} and ${who}`);
    owner.set(domain, who);
  };
  topology.organization.domains.forEach((d) => claim(d, 'the organization'));
  const ids = new Set<string>();
  for (const p of topology.providers) {
    if (ids.has(p.id)) throw new TopologyError(`provider id ${p.id} appears twice`);
    ids.add(p.id);
    p.domains.forEach((d) => claim(d, p.id));
  }
  const seen = new Set<string>();
  const users = [
    ...topology.organization.users.map((u) => ({ address: u.address, who: 'the organization' })),
    ...topology.providers.flatMap((p) => p.users.map((u) => ({ address: u.address, who: p.id }))),
  ];
  for (const { address, who } of users) {
    if (seen.has(address)) throw new TopologyError(`user ${address} appears twice`);
    seen.add(address);
    if (owner.get(domainOf(address)) !== who) throw new TopologyError(`user ${address} is not in a domain of ${who}`);
  }
  checkFederationSeed(topology);
  return topology;
}

/** The Allow and Block tabs of the seed follow the rules an admin's changes do (partnerDomainConflict). */
function checkFederationSeed(topology: Topology): void {
  const seed = topology.edge.federation;
  if (!seed) return;
  const tabs = new Map<string, FederationTab>();
  const context = {
    orgDomains: topology.organization.domains,
    // Only providers on the IM Provider tab (with an `edge` entry) govern their domains; a partner's app has none.
    providerServing: (domain: string) => topology.providers.find((p) => p.edge && p.domains.includes(domain)),
    tabOf: (domain: string) => tabs.get(domain),
  };
  const add = (domain: string, tab: FederationTab) => {
    const conflict = partnerDomainConflict(domain, tab, context);
    if (conflict) throw new TopologyError(`edge.federation.${tab}: ${conflict}`);
    tabs.set(domain, tab);
  };
  for (const entry of seed.allow ?? []) add(entry.domain, 'allow');
  for (const domain of seed.block ?? []) add(domain, 'block');
  const problem = federationLimitsProblem({ ...DEFAULT_FEDERATION_SETTINGS.limits, ...seed.limits });
  if (problem) throw new TopologyError(`edge.federation.limits: ${problem}`);
}

export function loadTopology(path: string = DEFAULT_TOPOLOGY_PATH): Topology {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TopologyError(`cannot read topology ${path}: ${(error as Error).message}`);
  }
  return validateTopology(raw);
}
