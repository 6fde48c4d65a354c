import { join } from 'node:path';
import { envInt, envRequired, envString, limitsFromEnv, originsFromEnv, signInLimitsFromEnv, DEFAULT_TIMEOUT_MS, type OriginPolicy, type PeopleLimits, type SignInLimits } from '@fedlab/server';
import { DEFAULT_TOPOLOGY_PATH, loadTopology, type Topology } from '@fedlab/topology';

/**
 * The home server's settings, all from the environment:
 * - FEDLAB_ADMIN_TOKEN (required): bearer token of the admin REST API (user enablement).
 * - FEDLAB_INTERNAL_TOKEN (required): shared secret of the link to the edge.
 * - FEDLAB_PASSWORD (required): the sign-in password of every user without their own (topology, admin).
 * - FEDLAB_PUBLIC_HOST, FEDLAB_ALLOWED_ORIGINS: the browser origins allowed (the chat client's and the admin
 *   page's at the public host, plus these; packages/server/src/origins.ts).
 * - FEDLAB_SIGN_IN_FAILURES_PER_ADDRESS, FEDLAB_SIGN_IN_FAILURES_PER_SOURCE: failed sign-ins allowed a minute
 *   (default 10 and 30) before further ones are refused (packages/server/src/sign-in.ts).
 * - FEDLAB_TOPOLOGY: topology file; default the shipped default.json.
 * - FEDLAB_HOME_PORT: default the topology's home port (7100).
 * - FEDLAB_EDGE_URL: where the edge listens; default http://<edge FQDN as the topology's hosts resolve it>:<edge port>.
 * - FEDLAB_BIND: default 127.0.0.1.
 * - FEDLAB_DATA_DIR: where home.db (SQLite) lives; default .fedlab/data. FEDLAB_DATABASE overrides the file (`:memory:`).
 * - FEDLAB_TIMEOUT_MS: how long to wait for the edge or a client before answering 408, the base of
 *   every deadline (packages/server/src/deadlines.ts); default 2000.
 * - FEDLAB_MAX_LIST_ENTRIES, FEDLAB_MAX_SESSIONS, FEDLAB_MAX_SUBSCRIPTIONS, FEDLAB_MAX_PROMPTS,
 *   FEDLAB_SESSION_IDLE_MS: the bounds of what one user may hold (packages/server/src/people/limits.ts).
 */
export interface HomeConfig {
  topology: Topology;
  edgeUrl: string;
  adminToken: string;
  internalToken: string;
  password: string;
  origins: OriginPolicy;
  signInLimits: SignInLimits;
  database: string;
  port: number;
  host: string;
  timeoutMs: number;
  limits: PeopleLimits;
}

export function readConfig(env: Record<string, string | undefined> = process.env): HomeConfig {
  const topology = loadTopology(envString(env, 'FEDLAB_TOPOLOGY', DEFAULT_TOPOLOGY_PATH));
  const edgeHost = topology.hosts?.[topology.edge.fqdn] ?? topology.edge.fqdn;
  return {
    topology,
    edgeUrl: envString(env, 'FEDLAB_EDGE_URL', `http://${edgeHost}:${topology.edge.port}`),
    adminToken: envRequired(env, 'FEDLAB_ADMIN_TOKEN', 'the admin token (npm start generates one)'),
    internalToken: envRequired(env, 'FEDLAB_INTERNAL_TOKEN', 'the home↔edge link secret (npm start generates one)'),
    password: envRequired(env, 'FEDLAB_PASSWORD', 'the sign-in password of users without their own (npm start generates one)'),
    origins: originsFromEnv(env, { client: topology.client?.port, admin: topology.admin?.port }),
    signInLimits: signInLimitsFromEnv(env),
    database: envString(env, 'FEDLAB_DATABASE', join(envString(env, 'FEDLAB_DATA_DIR', '.fedlab/data'), 'home.db')),
    port: envInt(env, 'FEDLAB_HOME_PORT', topology.home.port, { min: 0, max: 65535 }),
    host: envString(env, 'FEDLAB_BIND', '127.0.0.1'),
    timeoutMs: envInt(env, 'FEDLAB_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, { min: 50, max: 120_000 }),
    limits: limitsFromEnv(env),
  };
}
