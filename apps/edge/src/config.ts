import { join } from 'node:path';
import { ConfigError, envInt, envRequired, envString, originsFromEnv, parseLinkSecrets, DEFAULT_TIMEOUT_MS, type OriginPolicy } from '@fedlab/server';
import { DEFAULT_TOPOLOGY_PATH, loadTopology, type Topology } from '@fedlab/topology';

/**
 * The edge's settings, all from the environment:
 * - FEDLAB_ADMIN_TOKEN (required): bearer token of the admin REST API and the live /admin namespace.
 * - FEDLAB_INTERNAL_TOKEN (required): shared secret of the home server's link.
 * - FEDLAB_LINK_SECRETS: each provider's link secret, `msn=…,yahoo=…` (npm start generates them); the topology's
 *   `linkSecret` of a provider counts too. A provider without one cannot link (its link shows `auth-failed`).
 * - FEDLAB_PUBLIC_HOST, FEDLAB_ALLOWED_ORIGINS: the browser origins allowed (packages/server/src/origins.ts).
 * - FEDLAB_TOPOLOGY: topology file; default the shipped default.json.
 * - FEDLAB_EDGE_PORT: default the topology's edge port (7200).
 * - FEDLAB_BIND: default 127.0.0.1.
 * - FEDLAB_DATA_DIR: where edge.db (SQLite) lives; default .fedlab/data. FEDLAB_DATABASE overrides the file (`:memory:`).
 * - FEDLAB_TIMEOUT_MS: how long to wait for a provider or the home server before answering 408, the base of
 *   every deadline (packages/server/src/deadlines.ts); default 2000.
 * - FEDLAB_HOSTS: `topology` (default) resolves provider FQDNs through the topology's `hosts` map, like
 *   /etc/hosts; `dns` ignores that map and lets the system resolve them (docker-compose's network aliases).
 */
export interface EdgeConfig {
  topology: Topology;
  adminToken: string;
  internalToken: string;
  linkSecrets: Record<string, string>;
  origins: OriginPolicy;
  database: string;
  port: number;
  host: string;
  timeoutMs: number;
}

export function readConfig(env: Record<string, string | undefined> = process.env): EdgeConfig {
  const topology = loadTopology(envString(env, 'FEDLAB_TOPOLOGY', DEFAULT_TOPOLOGY_PATH));
  const hosts = envString(env, 'FEDLAB_HOSTS', 'topology');
  if (hosts !== 'topology' && hosts !== 'dns') throw new ConfigError(`FEDLAB_HOSTS must be "topology" or "dns", not "${hosts}"`);
  if (hosts === 'dns') delete topology.hosts;
  return {
    topology,
    adminToken: envRequired(env, 'FEDLAB_ADMIN_TOKEN', 'the admin token (npm start generates one)'),
    internalToken: envRequired(env, 'FEDLAB_INTERNAL_TOKEN', 'the home↔edge link secret (npm start generates one)'),
    linkSecrets: parseLinkSecrets(env.FEDLAB_LINK_SECRETS),
    origins: originsFromEnv(env, { client: topology.client?.port, admin: topology.admin?.port }),
    database: envString(env, 'FEDLAB_DATABASE', join(envString(env, 'FEDLAB_DATA_DIR', '.fedlab/data'), 'edge.db')),
    port: envInt(env, 'FEDLAB_EDGE_PORT', topology.edge.port, { min: 0, max: 65535 }),
    host: envString(env, 'FEDLAB_BIND', '127.0.0.1'),
    timeoutMs: envInt(env, 'FEDLAB_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, { min: 50, max: 120_000 }),
  };
}
