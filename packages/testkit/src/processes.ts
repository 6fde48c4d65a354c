import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { AdminClient } from '@fedlab/sdk';
import type { Address } from '@fedlab/protocol';
import { loadTopology, type Topology } from '@fedlab/topology';
import { formatLinkSecrets, linkSecretsFor, newSecret } from '@fedlab/server';
import { botPool, type Bot } from './bot.ts';
import { endpointFor, passwordFor, type Endpoints } from './deploy.ts';
import { waitUntil } from './wait.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export interface ProcessDeployOptions {
  /** Topology file; the shipped default when absent. */
  topologyPath?: string;
  /** Where logs, the derived topology and databases go. */
  workDir: string;
  /** Keep the topology's fixed ports (the README's start command); otherwise every server picks a free port. */
  fixedPorts?: boolean;
  /** Also start the web apps (chat client, admin page). */
  webApps?: boolean;
  adminToken?: string;
  internalToken?: string;
  /** The deployment's sign-in password (users without their own); generated when absent. */
  password?: string;
  /** Each provider's link secret by id (the topology's own win); generated for the others. */
  linkSecrets?: Record<string, string>;
  /** Browser origins allowed besides the web apps' own (FEDLAB_ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
  /** SQLite files in workDir (default), or ':memory:'. */
  database?: 'file' | 'memory';
  timeoutMs?: number;
  host?: string;
  /** Called with every line a process prints, prefixed with its name. */
  onLine?: (line: string) => void;
}

export interface RunningProcess {
  name: string;
  url: string;
  logFile: string;
  child: ChildProcess;
}

export interface ProcessDeployment {
  topology: Topology;
  endpoints: Endpoints & { client?: string; admin?: string };
  adminToken: string;
  /** The sign-in password of every user without their own. */
  password: string;
  admin: AdminClient;
  processes: RunningProcess[];
  bot(address: Address, options?: { resubscribe?: boolean }): Promise<Bot>;
  urlFor(address: Address): string;
  close(): Promise<void>;
}

/**
 * Deploys a topology as real processes, each app its own `node` process, as the README's start command does.
 * Each process's output goes to a log file in workDir; a failure names the file to read.
 */
export async function deployProcesses(options: ProcessDeployOptions): Promise<ProcessDeployment> {
  const topology = loadTopology(options.topologyPath);
  const host = options.host ?? '127.0.0.1';
  const logDir = join(options.workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const adminToken = options.adminToken ?? newSecret();
  const internalToken = options.internalToken ?? newSecret();
  const password = options.password ?? newSecret();
  const linkSecrets = linkSecretsFor(topology.providers, options.linkSecrets);
  const port = (fixed: number) => (options.fixedPorts ? fixed : 0);
  // The servers allow the web apps' origins from the topology's ports: web apps on free ports get theirs now.
  if (options.webApps && !options.fixedPorts) {
    topology.client = { port: await freePort(host) };
    topology.admin = { port: await freePort(host) };
  }
  const topologyFile = join(options.workDir, 'topology.json');
  const processes: RunningProcess[] = [];
  const baseEnv = {
    ...process.env,
    FEDLAB_TOPOLOGY: topologyFile,
    FEDLAB_BIND: host,
    FEDLAB_PUBLIC_HOST: host,
    FEDLAB_ADMIN_TOKEN: adminToken,
    FEDLAB_INTERNAL_TOKEN: internalToken,
    FEDLAB_PASSWORD: password,
    ...(options.allowedOrigins ? { FEDLAB_ALLOWED_ORIGINS: options.allowedOrigins.join(',') } : {}),
    FEDLAB_DATA_DIR: join(options.workDir, 'data'),
    ...(options.timeoutMs ? { FEDLAB_TIMEOUT_MS: String(options.timeoutMs) } : {}),
    ...(options.database === 'memory' ? { FEDLAB_DATABASE: ':memory:' } : {}),
  };
  writeFileSync(topologyFile, JSON.stringify(topology, null, 2));
  const start = async (name: string, app: string, env: Record<string, string>): Promise<RunningProcess> => {
    // Everyone after the providers reads the ports known so far (the web apps build server URLs from them).
    if (app !== 'provider') writeFileSync(topologyFile, JSON.stringify(topology, null, 2));
    const running = await startProcess(name, join(REPO_ROOT, 'apps', app, 'src', 'bin.ts'), { ...baseEnv, ...env }, join(logDir, `${name}.log`), options.onLine);
    processes.push(running);
    return running;
  };

  try {
    // Providers are independent of each other: they start together.
    await Promise.all(topology.providers.map(async (p) => {
      const running = await start(p.id, 'provider', { FEDLAB_PROVIDER: p.id, FEDLAB_PROVIDER_PORT: String(port(p.port)), FEDLAB_LINK_SECRET: linkSecrets[p.id]! });
      p.port = Number(new URL(running.url).port);
    }));
    const edge = await start('edge', 'edge', { FEDLAB_EDGE_PORT: String(port(topology.edge.port)), FEDLAB_LINK_SECRETS: formatLinkSecrets(linkSecrets) });
    topology.edge.port = Number(new URL(edge.url).port);
    const home = await start('home', 'home', { FEDLAB_HOME_PORT: String(port(topology.home.port)), FEDLAB_EDGE_URL: edge.url });
    topology.home.port = Number(new URL(home.url).port);
    const endpoints: ProcessDeployment['endpoints'] = {
      home: home.url, edge: edge.url, providers: Object.fromEntries(topology.providers.map((p) => [p.id, `http://${host}:${p.port}`])),
    };
    if (options.webApps) {
      const client = await start('client', 'client', { FEDLAB_CLIENT_PORT: String(topology.client?.port ?? 7400) });
      const admin = await start('admin', 'admin', { FEDLAB_ADMIN_PORT: String(topology.admin?.port ?? 7500) });
      endpoints.client = client.url;
      endpoints.admin = admin.url;
    }
    // What a runner needs to target this running topology (`fedlab run --target DIR`).
    writeFileSync(topologyFile, JSON.stringify(topology, null, 2));
    writeFileSync(join(options.workDir, 'endpoints.json'), JSON.stringify(endpoints, null, 2));
    const admin = new AdminClient({ edge: edge.url, home: home.url, providers: endpoints.providers }, adminToken);
    await waitUntil(async () => {
      const state = await admin.state().catch(() => undefined);
      return state && state.links.every((l) => l.state === 'connected');
    }, `every link of the edge is up (logs in ${logDir})`, { timeoutMs: 30_000 });
    const urlFor = (address: Address) => endpointFor(topology, endpoints, address);
    const bots = botPool(urlFor, (address) => passwordFor(topology, password, address));
    return {
      topology, endpoints, adminToken, password, admin, processes, urlFor,
      bot: bots.bot,
      async close() {
        bots.closeAll();
        await Promise.all(processes.reverse().map(stopProcess));
      },
    };
  } catch (error) {
    await Promise.all(processes.map(stopProcess));
    throw error;
  }
}

/** A port free a moment ago, for a web app whose origin the servers must know before it starts. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts one app's bin with tsx and resolves with the URL it prints once listening. */
function startProcess(name: string, bin: string, env: NodeJS.ProcessEnv, logFile: string, onLine?: (line: string) => void): Promise<RunningProcess> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(TSX, [bin], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let settled = false;
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        onLine?.(`${name.padEnd(9)}| ${line}`);
        const match = / listening on (http:\/\/\S+)/.exec(line);
        if (match && !settled) {
          settled = true;
          resolve({ name, url: match[1]!, logFile, child });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      log.end();
      if (!settled) {
        settled = true;
        reject(new Error(`${name} exited with code ${code} before listening; see ${logFile}`));
      }
    });
  });
}

function stopProcess(p: RunningProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => p.child.kill('SIGKILL'), 5000);
    p.child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    p.child.kill('SIGTERM');
  });
}
