import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Address } from '@fedlab/protocol';
import { AdminClient, AdminError } from '@fedlab/sdk';
import { DEFAULT_TOPOLOGY_PATH, loadTopology, validateTopology, type Topology } from '@fedlab/topology';
import { deploy, type Deployment, type Endpoints } from '../deploy.ts';
import { executeScenario, type StepFailure, type StepOutcome, type Target } from './execute.ts';
import { ScenarioFileError, loadScenarios, type LoadedScenario, type LoadedStep } from './load.ts';
import type { Problem } from './yaml-document.ts';
import { pool, schedule } from './schedule.ts';
import { toJUnit } from './junit.ts';
import { checkAgainstTopology } from './topology-check.ts';
import { converge, linksUp, requirementsOf, restore, takeSnapshot, worldOf, type World } from './world.ts';

export interface RunOptions {
  /** A fedlab work dir of a running topology (endpoints.json, topology.json, admin-token); in-process when absent. */
  target?: string;
  /** The admin token of the target; else FEDLAB_ADMIN_TOKEN, else the work dir's admin-token file. */
  adminToken?: string;
  /** The target's sign-in password; else FEDLAB_PASSWORD, else the work dir's password file. */
  password?: string;
  /** Reset the target (edge, home server, providers) to its topology before the run. */
  reset?: boolean;
  /** In-process: the topology to deploy for scenarios that name none (the shipped default otherwise). */
  topologyPath?: string;
  /** In-process: the base of every hop's deadline before it answers 408 (default 1000 ms; see FEDLAB_TIMEOUT_MS). */
  timeoutMs?: number;
  /** How many scenarios run at the same time, where they may (default 4). */
  jobs?: number;
  /** How long a waiting step waits before it fails (default 8000 ms). */
  waitMs?: number;
  /** Only the scenarios whose name or path contains this text. */
  filter?: string;
  /** Also write a JUnit XML report there. */
  junit?: string;
  onEvent?: (event: RunEvent) => void;
}

export type ScenarioStatus = 'passed' | 'failed' | 'known-issue' | 'skipped';

export interface ScenarioResult {
  file: string;
  displayPath: string;
  name: string;
  status: ScenarioStatus;
  durationMs: number;
  /** Where it ran. */
  target: string;
  /** The scenario's user names and the addresses they had in this run. */
  users: Record<string, Address>;
  steps: StepOutcome[];
  failure?: StepFailure;
  knownIssue?: string;
  skipReason?: string;
  /** Something the reader should know about a result that is not a failure. */
  note?: string;
}

export interface RunSummary {
  results: ScenarioResult[];
  passed: number;
  failed: number;
  knownIssues: number;
  skipped: number;
  durationMs: number;
  targets: string[];
}

export type RunEvent =
  | { type: 'start'; total: number }
  | { type: 'target'; label: string; scenarios: number; batches: number }
  | { type: 'batch'; target: string; index: number; count: number; scenarios: string[]; alone: boolean }
  | { type: 'step'; scenario: string; number: number; description: string }
  | { type: 'result'; result: ScenarioResult; done: number; total: number }
  | { type: 'end'; summary: RunSummary };

/** The target could not be reached or set up (exit code 2 in the CLI). */
export class RunnerError extends Error {
  override name = 'RunnerError';
}

interface Planned {
  scenario: LoadedScenario;
  world: World;
  global: boolean;
  requirements: Map<string, string>;
}

interface Group {
  label: string;
  topology: Topology;
  topologyPath?: string;
  scenarios: LoadedScenario[];
}

/**
 * Runs scenario files and folders: every file is read and checked first (a ScenarioFileError lists every problem,
 * and nothing runs); then each scenario runs against an in-process topology, or the running one of `target`.
 */
export async function runScenarios(paths: string[], options: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const loaded = loadScenarios(paths);
  if (loaded.problems.length) throw new ScenarioFileError(loaded.problems);
  const scenarios = loaded.scenarios.filter((s) => !options.filter || s.doc.name.includes(options.filter) || s.displayPath.includes(options.filter));

  const results: ScenarioResult[] = [];
  const groups: Group[] = [];
  const remote = options.target ? readTarget(options.target, options.adminToken, options.password) : undefined;
  if (remote) {
    const runnable = scenarios.filter((s) => !s.topologyFile);
    for (const s of scenarios.filter((x) => x.topologyFile)) {
      results.push(skipped(s, remote.label, `it needs its own topology (${relative(process.cwd(), s.topologyFile!)}); run it in-process, without --target`));
    }
    groups.push({ label: remote.label, topology: remote.topology, scenarios: runnable });
  } else {
    const byTopology = new Map<string, LoadedScenario[]>();
    for (const s of scenarios) {
      const path = s.topologyFile ?? resolve(options.topologyPath ?? DEFAULT_TOPOLOGY_PATH);
      byTopology.set(path, [...(byTopology.get(path) ?? []), s]);
    }
    for (const [path, list] of byTopology) {
      const name = path === DEFAULT_TOPOLOGY_PATH ? 'the default topology' : relative(process.cwd(), path);
      groups.push({ label: `in-process (${name})`, topology: loadTopology(path), topologyPath: path, scenarios: list });
    }
  }

  // Everything the topology can reveal is found before anything runs.
  const problems: Problem[] = groups.flatMap((g) => g.scenarios.flatMap((s) => checkAgainstTopology(s, g.topology)));
  if (problems.length) throw new ScenarioFileError(problems);

  const total = scenarios.length;
  emit({ type: 'start', total });
  results.forEach((r, i) => emit({ type: 'result', result: r, done: i + 1, total }));
  for (const group of groups) {
    if (!group.scenarios.length) continue;
    const target = remote ? await connect(remote, !!options.reset) : await deployGroup(group, options);
    try {
      await runGroup(group, target.target, options, (result) => {
        results.push(result);
        emit({ type: 'result', result, done: results.length, total });
      }, emit);
    } finally {
      await target.close();
    }
  }

  const order = new Map(scenarios.map((s, i) => [s.file, i]));
  results.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  const count = (status: ScenarioStatus) => results.filter((r) => r.status === status).length;
  const summary: RunSummary = {
    results, passed: count('passed'), failed: count('failed'), knownIssues: count('known-issue'), skipped: count('skipped'),
    durationMs: Date.now() - started, targets: groups.map((g) => g.label),
  };
  if (options.junit) writeFileSync(options.junit, toJUnit(summary));
  emit({ type: 'end', summary });
  return summary;
}

async function runGroup(group: Group, target: Target, options: RunOptions, report: (r: ScenarioResult) => void, emit: (e: RunEvent) => void): Promise<void> {
  // The deployed topology: the one with the ports the servers really listen on.
  const topology = target.topology;
  const planned: Planned[] = group.scenarios.map((scenario) => {
    const world = worldOf(scenario, topology);
    return { scenario, world, global: scenario.global, requirements: requirementsOf(scenario, world) };
  });
  const batches = schedule(planned);
  emit({ type: 'target', label: target.label, scenarios: planned.length, batches: batches.length });
  const snapshot = await takeSnapshot(target.admin);
  const waitMs = options.waitMs ?? 8000;
  try {
    for (const [index, batch] of batches.entries()) {
      emit({ type: 'batch', target: target.label, index: index + 1, count: batches.length, scenarios: batch.items.map((p) => p.scenario.displayPath), alone: batch.alone });
      try {
        await converge(target.admin, topology, mergeWorlds(batch.items.map((p) => p.world)));
      } catch (error) {
        const why = `the target could not be set up for this scenario: ${error instanceof Error ? error.message : String(error)}`;
        for (const p of batch.items) report(setupFailed(p.scenario, target.label, why));
        continue;
      }
      await pool(batch.items, batch.alone ? 1 : (options.jobs ?? 4), async ({ scenario }) => {
        const started = Date.now();
        const execution = await executeScenario(scenario, target, {
          waitMs,
          onStep: (step: LoadedStep, description: string) => emit({ type: 'step', scenario: scenario.displayPath, number: step.number, description }),
        });
        report(resultOf(scenario, target.label, execution, Date.now() - started));
      });
    }
  } finally {
    await restore(target.admin, topology, snapshot).catch(() => undefined);
  }
}

function resultOf(scenario: LoadedScenario, target: string, execution: Awaited<ReturnType<typeof executeScenario>>, durationMs: number): ScenarioResult {
  const base = {
    file: scenario.file, displayPath: scenario.displayPath, name: scenario.doc.name, durationMs, target, users: execution.users, steps: execution.steps,
    ...(scenario.doc.knownIssue ? { knownIssue: scenario.doc.knownIssue } : {}),
  };
  if (execution.failure) return { ...base, status: scenario.doc.knownIssue ? 'known-issue' : 'failed', failure: execution.failure };
  // Not strict: some known issues are races that do not show every time.
  if (scenario.doc.knownIssue) return { ...base, status: 'passed', note: 'marked knownIssue, but every step passed this time: if the issue is fixed, remove the mark' };
  return { ...base, status: 'passed' };
}

function skipped(scenario: LoadedScenario, target: string, reason: string): ScenarioResult {
  return { file: scenario.file, displayPath: scenario.displayPath, name: scenario.doc.name, status: 'skipped', durationMs: 0, target, users: {}, steps: [], skipReason: reason };
}

function setupFailed(scenario: LoadedScenario, target: string, why: string): ScenarioResult {
  return {
    file: scenario.file, displayPath: scenario.displayPath, name: scenario.doc.name, status: 'failed', durationMs: 0, target, users: {}, steps: [],
    failure: { step: 0, line: 1, action: 'setup', description: 'bring the target to the topology the scenario needs', expected: ['the provider list, switch and links as the scenario needs them'], actual: [why], error: true },
  };
}

function mergeWorlds(worlds: World[]): World {
  const merged: World = { providers: new Map() };
  for (const w of worlds) {
    if (w.federation !== undefined) merged.federation = w.federation;
    for (const [id, entry] of w.providers) merged.providers.set(id, entry);
  }
  return merged;
}

// --- targets ---

async function deployGroup(group: Group, options: RunOptions): Promise<{ target: Target; close: () => Promise<void> }> {
  let d: Deployment;
  try {
    d = await deploy({ topology: group.topology, timeoutMs: options.timeoutMs ?? 1000 });
  } catch (error) {
    throw new RunnerError(`could not start ${group.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { target: { label: group.label, topology: d.topology, endpoints: d.endpoints, admin: d.admin, password: d.password }, close: () => d.close() };
}

export interface RemoteTarget {
  label: string;
  dir: string;
  topology: Topology;
  endpoints: Endpoints;
  token: string;
  password: string;
}

export function readTarget(dir: string, adminToken: string | undefined, givenPassword: string | undefined): RemoteTarget {
  const path = resolve(dir);
  const read = (name: string) => {
    const file = join(path, name);
    if (!existsSync(file)) throw new RunnerError(`${dir} has no ${name}: is fedlab running with this work dir (npm start writes .fedlab)?`);
    return readFileSync(file, 'utf8');
  };
  const endpoints = JSON.parse(read('endpoints.json')) as Endpoints;
  let topology: Topology;
  try {
    topology = validateTopology(JSON.parse(read('topology.json')));
  } catch (error) {
    throw new RunnerError(`${join(dir, 'topology.json')}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const kept = (name: string) => (existsSync(join(path, name)) ? readFileSync(join(path, name), 'utf8').trim() : undefined);
  const token = adminToken ?? process.env.FEDLAB_ADMIN_TOKEN ?? kept('admin-token');
  if (!token) throw new RunnerError(`no admin token: give --admin-token, set FEDLAB_ADMIN_TOKEN, or keep it in ${join(dir, 'admin-token')}`);
  const password = givenPassword ?? process.env.FEDLAB_PASSWORD ?? kept('password');
  if (!password) throw new RunnerError(`no sign-in password: give --password, set FEDLAB_PASSWORD, or keep it in ${join(dir, 'password')} (npm start does)`);
  return { label: `target ${dir}`, dir, topology, endpoints, token, password };
}

export async function connect(remote: RemoteTarget, reset: boolean): Promise<{ target: Target; close: () => Promise<void> }> {
  const admin = new AdminClient(remote.endpoints, remote.token);
  try {
    await admin.state();
  } catch (error) {
    if (error instanceof AdminError && error.status === 401) throw new RunnerError(`the edge at ${remote.endpoints.edge} refused the admin token`);
    throw new RunnerError(`cannot reach the edge at ${remote.endpoints.edge} (${error instanceof Error ? error.message : String(error)}): is fedlab running?`);
  }
  if (reset) {
    await admin.resetAll();
    await linksUp(admin, [...remote.topology.providers.filter((p) => p.edge).map((p) => p.id), 'home']);
  }
  return { target: { label: remote.label, topology: remote.topology, endpoints: remote.endpoints, admin, password: remote.password }, close: async () => undefined };
}
