import { join } from 'node:path';
import { envInt, envRequired, envString, limitsFromEnv, originsFromEnv, signInLimitsFromEnv, DEFAULT_TIMEOUT_MS, type OriginPolicy, type PeopleLimits, type SignInLimits } from '@fedlab/server';
import { DEFAULT_TOPOLOGY_PATH, loadTopology, type TopologyProvider } from '@fedlab/topology';

/**
 * The provider's settings, all from the environment:
 * - FEDLAB_PROVIDER (required): the id of the provider in the topology to run as, e.g. `msn`.
 * - FEDLAB_TOPOLOGY: topology file; default the shipped packages/topology/topologies/default.json.
 * - FEDLAB_PROVIDER_PORT: default the provider's port in the topology (MSN 7301, Yahoo! 7302, AOL 7303, Fabrikam 7304).
 * - FEDLAB_BIND: address to listen on; default 127.0.0.1 (loopback).
 * - FEDLAB_TIMEOUT_MS: how long to wait for the edge or a client before answering 408, the base of
 *   every deadline (packages/server/src/deadlines.ts); default 2000.
 * - FEDLAB_LINK_SECRET (required unless the topology gives this provider a `linkSecret`): the secret this provider
 *   and the edge both prove they hold before the federation link is up (npm start generates one per provider).
 * - FEDLAB_PASSWORD (required): the sign-in password of every user without their own.
 * - FEDLAB_PUBLIC_HOST, FEDLAB_ALLOWED_ORIGINS: the browser origins allowed (packages/server/src/origins.ts).
 * - FEDLAB_SIGN_IN_FAILURES_PER_ADDRESS, FEDLAB_SIGN_IN_FAILURES_PER_SOURCE: failed sign-ins allowed a minute
 *   (default 10 and 30) before further ones are refused (packages/server/src/sign-in.ts).
 * - FEDLAB_ADMIN_TOKEN: bearer token of the provider's admin API (run-time users, reset); none: no admin API.
 * - FEDLAB_DATA_DIR: where provider-<id>.db (SQLite: its users' lists, notes, subscriptions, and the salted hashes
 *   of run-time users' passwords) lives; default .fedlab/data. FEDLAB_DATABASE overrides the file (`:memory:`
 *   keeps nothing).
 * - FEDLAB_MAX_LIST_ENTRIES, FEDLAB_MAX_SESSIONS, FEDLAB_MAX_SUBSCRIPTIONS, FEDLAB_SESSION_IDLE_MS: the bounds
 *   of what one user may hold (packages/server/src/people/limits.ts).
 */
export interface ProviderConfig {
  provider: TopologyProvider;
  port: number;
  host: string;
  timeoutMs: number;
  adminToken?: string;
  linkSecret: string;
  password: string;
  origins: OriginPolicy;
  signInLimits: SignInLimits;
  database: string;
  limits: PeopleLimits;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ProviderConfig {
  const id = envRequired(env, 'FEDLAB_PROVIDER', 'the id of the provider to run as (msn, yahoo, aol, fabrikam, ...)');
  const topology = loadTopology(envString(env, 'FEDLAB_TOPOLOGY', DEFAULT_TOPOLOGY_PATH));
  const provider = topology.providers.find((p) => p.id === id);
  if (!provider) throw new Error(`FEDLAB_PROVIDER=${id} is not in the topology (known: ${topology.providers.map((p) => p.id).join(', ')})`);
  return {
    provider,
    port: envInt(env, 'FEDLAB_PROVIDER_PORT', provider.port, { min: 0, max: 65535 }),
    host: envString(env, 'FEDLAB_BIND', '127.0.0.1'),
    timeoutMs: envInt(env, 'FEDLAB_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, { min: 50, max: 120_000 }),
    database: envString(env, 'FEDLAB_DATABASE', join(envString(env, 'FEDLAB_DATA_DIR', '.fedlab/data'), `provider-${provider.id}.db`)),
    limits: limitsFromEnv(env),
    ...(env.FEDLAB_ADMIN_TOKEN ? { adminToken: env.FEDLAB_ADMIN_TOKEN } : {}),
    linkSecret: provider.linkSecret ?? envRequired(env, 'FEDLAB_LINK_SECRET', `the secret of ${id}'s federation link with the edge (npm start generates one)`),
    password: envRequired(env, 'FEDLAB_PASSWORD', 'the sign-in password of users without their own (npm start generates one)'),
    origins: originsFromEnv(env, { client: topology.client?.port, admin: topology.admin?.port }),
    signInLimits: signInLimitsFromEnv(env),
  };
}
