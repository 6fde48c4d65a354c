import type { Topology } from '@fedlab/topology';

/**
 * What the browser app learns from GET /config.json: the organization and every provider of the running
 * topology, each with the domains it serves and the URL its users sign in to. A user's domain decides the server.
 * Type-only imports here: the browser bundle imports this file for its types.
 */
export interface ClientAppConfig {
  organization: { name: string; domains: string[]; url: string };
  providers: { id: string; name: string; domains: string[]; url: string }[];
}

/** Builds the browser app's configuration from a topology and the URLs its servers answer on. */
export function clientAppConfig(topology: Topology, endpoints: { home: string; providers: Record<string, string> }): ClientAppConfig {
  return {
    organization: { name: topology.organization.name, domains: [...topology.organization.domains], url: endpoints.home },
    providers: topology.providers.map((p) => {
      const url = endpoints.providers[p.id];
      if (!url) throw new Error(`client config: no endpoint for provider ${p.id}`);
      return { id: p.id, name: p.name, domains: [...p.domains], url };
    }),
  };
}
