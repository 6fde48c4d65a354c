import { envInt, envString } from '@fedlab/server';
import { DEFAULT_TOPOLOGY_PATH, loadTopology, type Topology } from '@fedlab/topology';
import { clientAppConfig, type ClientAppConfig } from './app-config.ts';

/**
 * The chat client's settings, all from the environment:
 * - FEDLAB_TOPOLOGY: topology file; default the shipped default.json.
 * - FEDLAB_PUBLIC_HOST: the host name or IP the browser uses to reach the home server and the providers, at the
 *   ports the topology gives them (home 7100, providers 7301–7304); default 127.0.0.1.
 * - FEDLAB_CLIENT_PORT: default the topology's client port (7400), or 7400 if the topology has none.
 * - FEDLAB_BIND: the address to listen on; default 127.0.0.1.
 */
export interface ClientConfig {
  topology: Topology;
  publicHost: string;
  port: number;
  host: string;
  /** What the browser app gets at GET /config.json. */
  app: ClientAppConfig;
}

export const DEFAULT_CLIENT_PORT = 7400;

export function readConfig(env: Record<string, string | undefined> = process.env): ClientConfig {
  const topology = loadTopology(envString(env, 'FEDLAB_TOPOLOGY', DEFAULT_TOPOLOGY_PATH));
  const publicHost = envString(env, 'FEDLAB_PUBLIC_HOST', '127.0.0.1');
  const url = (port: number) => `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  const endpoints = {
    home: url(topology.home.port),
    providers: Object.fromEntries(topology.providers.map((p) => [p.id, url(p.port)])),
  };
  return {
    topology,
    publicHost,
    port: envInt(env, 'FEDLAB_CLIENT_PORT', topology.client?.port ?? DEFAULT_CLIENT_PORT, { min: 0, max: 65535 }),
    host: envString(env, 'FEDLAB_BIND', '127.0.0.1'),
    app: clientAppConfig(topology, endpoints),
  };
}
