import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { domainOf, parse } from '@fedlab/protocol';
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
  return topology;
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
