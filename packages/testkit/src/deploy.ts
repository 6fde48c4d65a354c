import { join } from 'node:path';
import type { Address } from '@fedlab/protocol';
import { domainOf } from '@fedlab/protocol';
import { AdminClient } from '@fedlab/sdk';
import { OriginPolicy, linkSecretsFor, newSecret, type SignInLimits } from '@fedlab/server';
import { buildEdge, type EdgeServer } from '@fedlab/edge';
import { buildHome, type HomeServer } from '@fedlab/home';
import { buildProvider, type ProviderServer } from '@fedlab/provider';
import { loadTopology, validateTopology, type Topology } from '@fedlab/topology';
import { botPool, type Bot } from './bot.ts';
import { waitUntil } from './wait.ts';

export interface DeployOptions {
  /** The topology to deploy; the shipped default when absent. Ports are ignored: everything starts on port 0. */
  topology?: Topology;
  /** Changes to apply to (a copy of) the topology before it starts. */
  customize?: (topology: Topology) => void;
  /** How long each hop waits for the next before answering 408 (tests keep it short). */
  timeoutMs?: number;
  /** Keep the edge's, the home server's and the providers' state in SQLite files here (default: in memory). */
  dataDir?: string;
  /** Per-sender rate limit at the home server and the providers (benchmarks raise it). */
  rateLimit?: { perSecond: number; burst: number };
  /** The deployment's sign-in password (users without their own); generated when absent. */
  password?: string;
  /** Browser origins allowed besides those added later with `allowOrigin` (a web app started on port 0). */
  allowedOrigins?: string[];
  /** Failed sign-ins allowed per address and per source a minute (a fuzz run that fails on purpose raises them). */
  signInLimits?: Partial<SignInLimits>;
}

/** The endpoints of a running topology, however it was started. */
export interface Endpoints {
  home: string;
  edge: string;
  providers: Record<string, string>;
}

export interface Deployment {
  topology: Topology;
  endpoints: Endpoints;
  adminToken: string;
  /** The sign-in password of every user without their own (`passwordFor` gives anyone's). */
  password: string;
  /** Lets pages from this origin use every server (the chat client or admin page a test started on port 0). */
  allowOrigin(origin: string): void;
  admin: AdminClient;
  edge: EdgeServer;
  home: HomeServer;
  providers: Record<string, ProviderServer>;
  /** A signed-in bot for any user of the topology. */
  bot(address: Address, options?: { resubscribe?: boolean }): Promise<Bot>;
  /** The server a user signs in to. */
  urlFor(address: Address): string;
  /** Stops the edge, the home server or a provider (by id) and starts it again on the same port with the same database. */
  restart(server: 'edge' | 'home' | (string & {})): Promise<void>;
  close(): Promise<void>;
}

/**
 * Deploys a whole topology in this process, every server on port 0 of loopback: providers first (their ports go
 * into the edge's provider list), then the edge, then the home server; resolves once every link is up.
 */
export async function deploy(options: DeployOptions = {}): Promise<Deployment> {
  const topology: Topology = structuredClone(options.topology ?? loadTopology());
  options.customize?.(topology);
  validateTopology(topology);
  const timeoutMs = options.timeoutMs ?? 2000;
  const adminToken = newSecret();
  const internalToken = newSecret();
  const password = options.password ?? newSecret();
  // Each provider shares its own secret with the edge only.
  const linkSecrets = linkSecretsFor(topology.providers);
  const origins = new OriginPolicy(options.allowedOrigins);
  const host = '127.0.0.1';
  const closers: (() => Promise<void>)[] = [];

  try {
    const database = (name: string) => (options.dataDir ? join(options.dataDir, `${name}.db`) : ':memory:');
    const providers: Record<string, ProviderServer> = {};
    const providerUrls: Record<string, string> = {};
    const startProvider = async (p: Topology['providers'][number], port: number) => {
      const server = await buildProvider({
        provider: p, timeoutMs, adminToken, linkSecret: linkSecrets[p.id]!, password, origins, database: database(`provider-${p.id}`),
        ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}), ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      });
      p.port = await server.listen(port, host);
      providers[p.id] = server;
      providerUrls[p.id] = `http://${host}:${p.port}`;
    };
    for (const p of topology.providers) {
      await startProvider(p, 0);
      closers.push(() => providers[p.id]!.close());
    }
    const startEdge = async (port: number) => {
      const server = await buildEdge({ topology, internalToken, linkSecrets, adminToken, origins, database: database('edge'), timeoutMs });
      topology.edge.port = await server.listen(port, host);
      return server;
    };
    let edge = await startEdge(0);
    closers.push(() => edge.close());
    const edgeUrl = `http://${host}:${topology.edge.port}`;
    const startHome = async (port: number) => {
      const server = await buildHome({ topology, edgeUrl, internalToken, adminToken, password, origins, database: database('home'), timeoutMs, ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}), ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) });
      topology.home.port = await server.listen(port, host);
      return server;
    };
    let home = await startHome(0);
    closers.push(() => home.close());
    const homeUrl = `http://${host}:${topology.home.port}`;
    await edge.ready();

    const endpoints: Endpoints = { home: homeUrl, edge: edgeUrl, providers: providerUrls };
    const urlFor = (address: Address) => endpointFor(topology, endpoints, address);
    const bots = botPool(urlFor, (address) => passwordFor(topology, password, address));
    return {
      topology, endpoints, adminToken, password, providers, urlFor,
      allowOrigin: (origin) => origins.allow(origin),
      get edge() {
        return edge;
      },
      get home() {
        return home;
      },
      async restart(server) {
        const provider = topology.providers.find((p) => p.id === server);
        if (server === 'edge') {
          await edge.close();
          edge = await startEdge(topology.edge.port);
        } else if (server === 'home') {
          await home.close();
          home = await startHome(topology.home.port);
        } else if (provider) {
          await providers[provider.id]!.close();
          await startProvider(provider, provider.port);
          // The edge redials by itself; the new server's own end says when the link is back.
          await waitUntil(() => providers[provider.id]!.linkConnected, `the edge's link to ${provider.id} is back`);
        } else {
          throw new Error(`no server ${server} in this deployment`);
        }
        await edge.ready();
        await home.edgeLinkReady();
      },
      admin: new AdminClient({ edge: edgeUrl, home: homeUrl, providers: providerUrls }, adminToken),
      bot: bots.bot,
      async close() {
        bots.closeAll();
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

/** A user's sign-in password: their own in the topology, else the deployment's. */
export function passwordFor(topology: Topology, deploymentPassword: string, address: Address): string {
  const users = [...topology.organization.users, ...topology.providers.flatMap((p) => p.users)];
  return users.find((u) => u.address === address)?.password ?? deploymentPassword;
}

/** Which server a user signs in to: the home server for the organization's domains, else the user's provider. */
export function endpointFor(topology: Topology, endpoints: Endpoints, address: Address): string {
  const domain = domainOf(address);
  if (topology.organization.domains.includes(domain)) return endpoints.home;
  const provider = topology.providers.find((p) => p.domains.includes(domain));
  if (!provider) throw new Error(`no server in this topology serves ${domain}`);
  return endpoints.providers[provider.id]!;
}
