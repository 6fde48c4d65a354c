import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AdminClient } from '@fedlab/sdk';
import { loadTopology, type Topology } from '@fedlab/topology';
import { deploy, type Endpoints } from '../deploy.ts';
import { deployProcesses } from '../processes.ts';
import { RunnerError, connect, readTarget } from '../scenarios/run.ts';
import { applyOverride, converge, restore, seedEntry, takeSnapshot, type Snapshot, type World } from '../scenarios/world.ts';
import { createUsers, deleteUsers, generateUsers, withUsers, type LoadUser } from './population.ts';
import type { LoadProfile } from './profile.ts';
import { pidsListeningOn, type WatchedProcess } from './resources.ts';

/** Where the load goes: a fresh topology in this process, a fresh one as real processes, or a running fedlab. */
export type TargetKind = 'in-process' | 'processes' | 'running';

export interface TargetOptions {
  kind: TargetKind;
  /** running: its work dir (endpoints.json, topology.json, admin-token), e.g. .fedlab. */
  dir?: string;
  adminToken?: string;
  /** running: its sign-in password (else FEDLAB_PASSWORD, else DIR/password); the users the run creates have none of their own. */
  password?: string;
  /** Fresh targets: the topology file (the shipped one by default). */
  topologyPath?: string;
  /** Fresh targets: the base of every deadline (FEDLAB_TIMEOUT_MS; default 2000). */
  timeoutMs?: number;
  /** Keep the users created in a running fedlab (they are deleted at the end by default). */
  keepUsers?: boolean;
  onLine?: (line: string) => void;
}

export interface OpenTarget {
  label: string;
  kind: TargetKind;
  topology: Topology;
  endpoints: Endpoints;
  admin: AdminClient;
  users: LoadUser[];
  /** The system's processes, for CPU and memory (in-process: this process is the system too). */
  processes: WatchedProcess[];
  /** Options every client of the target needs (e.g. a password). */
  clientOptions: Record<string, unknown>;
  /** Puts back what the run changed (provider list, switch, faults; users it created) and stops what it started. */
  close(): Promise<void>;
}

/**
 * Opens the target with the profile's users in it: written into the topology before a fresh one starts
 * (`populate: topology`, the default there), or created through the admin APIs (`populate: admin`, and always
 * for a running fedlab, with fresh addresses). Then applies the profile's switch and provider settings.
 */
export async function openTarget(profile: LoadProfile, options: TargetOptions): Promise<OpenTarget> {
  const viaAdmin = options.kind === 'running' || profile.doc.populate === 'admin';
  const log = options.onLine ?? (() => undefined);
  let opened: Omit<OpenTarget, 'close' | 'users'> & { close: () => Promise<void> };
  let users: LoadUser[];

  if (options.kind === 'running') {
    if (!options.dir) throw new RunnerError('a running target needs its work dir');
    const remote = readTarget(options.dir, options.adminToken, options.password);
    const { target } = await connect(remote, false);
    users = generateUsers(profile, remote.topology, randomBytes(3).toString('hex'));
    const ports = [remote.endpoints.home, remote.endpoints.edge, ...Object.values(remote.endpoints.providers)].map((u) => Number(new URL(u).port));
    const names = ['home', 'edge', ...Object.keys(remote.endpoints.providers)];
    const pids = pidsListeningOn(ports);
    opened = {
      label: remote.label, kind: 'running', topology: remote.topology, endpoints: remote.endpoints, admin: target.admin, clientOptions: { password: remote.password },
      processes: ports.flatMap((port, i) => (pids.has(port) ? [{ name: names[i]!, pid: pids.get(port)!, role: 'system' as const }] : [])),
      close: async () => undefined,
    };
  } else {
    const base = loadTopology(options.topologyPath);
    users = generateUsers(profile, base);
    const topology = viaAdmin ? base : withUsers(base, users);
    const timeoutMs = options.timeoutMs ?? 2000;
    if (options.kind === 'in-process') {
      const d = await deploy({ topology, timeoutMs }).catch((error: Error) => {
        throw new RunnerError(`could not start the topology in-process: ${error.message}`);
      });
      opened = {
        label: 'in-process', kind: 'in-process', topology: d.topology, endpoints: d.endpoints, admin: d.admin, clientOptions: { password: d.password },
        processes: [{ name: 'fedlab (in-process: system and generator)', pid: process.pid, role: 'system' }],
        close: () => d.close(),
      };
    } else {
      const workDir = mkdtempSync(join(tmpdir(), 'fedlab-load-'));
      const topologyPath = join(workDir, 'load-topology.json');
      writeFileSync(topologyPath, JSON.stringify(topology));
      log(`starting the topology as processes (work dir ${workDir}) …`);
      const d = await deployProcesses({ workDir, topologyPath, database: 'memory', timeoutMs }).catch((error: Error) => {
        throw new RunnerError(`could not start the topology as processes: ${error.message}`);
      });
      const ports = d.processes.map((p) => Number(new URL(p.url).port));
      const pids = pidsListeningOn(ports);
      opened = {
        label: 'processes', kind: 'processes', topology: d.topology, endpoints: d.endpoints, admin: d.admin, clientOptions: { password: d.password },
        processes: d.processes.map((p, i) => ({ name: p.name, pid: pids.get(ports[i]!) ?? p.child.pid!, role: 'system' as const })),
        close: async () => {
          await d.close();
          rmSync(workDir, { recursive: true, force: true });
        },
      };
    }
  }

  let snapshot: Snapshot | undefined;
  try {
    snapshot = await takeSnapshot(opened.admin);
    if (viaAdmin) {
      log(`creating ${users.length} users through the admin APIs …`);
      await createUsers(opened.admin, users);
    }
    await converge(opened.admin, opened.topology, worldOf(profile, opened.topology));
  } catch (error) {
    await cleanUp(opened.admin, opened.topology, snapshot, viaAdmin && !options.keepUsers ? users : []);
    await opened.close();
    throw new RunnerError(`could not prepare ${opened.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    ...opened, users,
    close: async () => {
      if (opened.kind === 'running') await cleanUp(opened.admin, opened.topology, snapshot, viaAdmin && !options.keepUsers ? users : []);
      await opened.close();
    },
  };
}

/** The switch and provider entries the profile asks for, on top of the topology's. */
function worldOf(profile: LoadProfile, topology: Topology): World {
  const providers = new Map(Object.entries(profile.doc.providers ?? {}).map(([id, override]) => [id, applyOverride(topology, id, seedEntry(topology, id), override)]));
  return { ...(profile.doc.federation !== undefined ? { federation: profile.doc.federation } : {}), providers };
}

async function cleanUp(admin: AdminClient, topology: Topology, snapshot: Snapshot | undefined, users: LoadUser[]): Promise<void> {
  if (snapshot) await restore(admin, topology, snapshot).catch(() => undefined);
  await deleteUsers(admin, users);
}
