import { envInt, envString } from '@fedlab/server';
import { DEFAULT_TOPOLOGY_PATH, loadTopology } from '@fedlab/topology';

/**
 * The admin page server's settings, all from the environment (each with a default):
 * - FEDLAB_TOPOLOGY: topology file; default the shipped packages/topology/topologies/default.json. The edge and
 *   home ports come from it (edge 7200, home 7100 by default).
 * - FEDLAB_PUBLIC_HOST: the host name the browser uses to reach the edge and the home server; default 127.0.0.1.
 * - FEDLAB_EDGE_PORT / FEDLAB_HOME_PORT: the same overrides the edge and the home server read; default the
 *   topology's ports.
 * - FEDLAB_ADMIN_PORT: where the admin page listens; default the topology's admin port (7500).
 * - FEDLAB_BIND: address to listen on; default 127.0.0.1 (loopback).
 *
 * The admin token is not read here: the page asks the admin for it, and the server never sees it.
 */
export interface AdminConfig {
  /** What the browser reads at GET /config.json: where the edge and the home server listen. */
  endpoints: { edge: string; home: string };
  port: number;
  host: string;
}

export const DEFAULT_ADMIN_PORT = 7500;

export function readConfig(env: Record<string, string | undefined> = process.env): AdminConfig {
  const topology = loadTopology(envString(env, 'FEDLAB_TOPOLOGY', DEFAULT_TOPOLOGY_PATH));
  const publicHost = envString(env, 'FEDLAB_PUBLIC_HOST', '127.0.0.1');
  const edgePort = envInt(env, 'FEDLAB_EDGE_PORT', topology.edge.port, { min: 1, max: 65535 });
  const homePort = envInt(env, 'FEDLAB_HOME_PORT', topology.home.port, { min: 1, max: 65535 });
  const urlHost = publicHost.includes(':') && !publicHost.startsWith('[') ? `[${publicHost}]` : publicHost;
  return {
    endpoints: { edge: `http://${urlHost}:${edgePort}`, home: `http://${urlHost}:${homePort}` },
    port: envInt(env, 'FEDLAB_ADMIN_PORT', topology.admin?.port ?? DEFAULT_ADMIN_PORT, { min: 0, max: 65535 }),
    host: envString(env, 'FEDLAB_BIND', '127.0.0.1'),
  };
}
