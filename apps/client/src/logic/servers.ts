import { domainOf, type Address } from '@fedlab/protocol';
import type { ClientAppConfig } from '../app-config.ts';

/** One server people sign in to: the organization's home server or a provider. */
export interface Side {
  kind: 'organization' | 'provider';
  /** `organization`, or the provider's id (`msn`, `yahoo`, ...). */
  id: string;
  name: string;
  domains: string[];
  url: string;
}

export function sidesOf(config: ClientAppConfig): Side[] {
  return [
    { kind: 'organization', id: 'organization', ...config.organization },
    ...config.providers.map((p): Side => ({ kind: 'provider', ...p })),
  ];
}

/** The side serving the address's domain, or undefined when no server of this topology serves it. */
export function sideFor(config: ClientAppConfig, address: Address): Side | undefined {
  const domain = domainOf(address);
  return sidesOf(config).find((side) => side.domains.includes(domain));
}

/** A provider's display name from the id the edge stamps (`yahoo` → `Yahoo!`); the id itself if unknown. */
export function providerName(config: ClientAppConfig, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  return config.providers.find((p) => p.id === id)?.name ?? id;
}
