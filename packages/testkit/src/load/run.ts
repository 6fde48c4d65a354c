import { availableParallelism } from 'node:os';
import { loadTopology, validateTopology } from '@fedlab/topology';
import { readTarget } from '../scenarios/run.ts';
import { Aggregate } from './aggregate.ts';
import type { CrowdDelta, CrowdSetup } from './crowd.ts';
import { startFleet, type CrowdHandle } from './fleet.ts';
import { DeliveryLedger } from './ledger.ts';
import { checkProfileAgainstTopology } from './population.ts';
import { ProfileError, loadProfile, type LoadProfile } from './profile.ts';
import { buildReport, type LoadReport } from './report.ts';
import { ResourceSampler } from './resources.ts';
import { Random } from './random.ts';
import { evaluateSlo } from './slo.ts';
import type { Kind } from './recorder.ts';
import { openTarget, type TargetKind } from './target.ts';
import { Timeline } from './timeline.ts';

export interface LoadOptions {
  /** in-process (default), processes, or running (with `dir`). */
  target?: TargetKind;
  /** A running fedlab's work dir (endpoints.json, topology.json, admin-token). */
  dir?: string;
  adminToken?: string;
  /** A running fedlab's sign-in password (else FEDLAB_PASSWORD, else the dir's password file). */
  password?: string;
  topologyPath?: string;
  timeoutMs?: number;
  /** Worker processes for the users; 0 runs them in this process. Default: 0 up to 1500 users, else one per 2500. */
  workers?: number;
  /** Sign-ins under way at once, over all processes (default 100). */
  connectLimit?: number;
  keepUsers?: boolean;
  /** Ends the load early (Ctrl-C): the run drains and reports what it measured so far. */
  signal?: AbortSignal;
  onEvent?: (event: LoadEvent) => void;
}

export type LoadEvent =
  | { type: 'info'; text: string }
  | { type: 'tick'; t: number; phase: 'ramp-up' | 'steady' | 'drain'; endMs: number; rate: number; p99: number; errors: number; requests: number; signedIn: number; pending: number }
  | { type: 'mark'; t: number; label: string; error?: string };

/**
 * Runs a load profile: opens the target with the profile's users, starts the generator's processes, runs the
 * ramp-up and the steady phase with the timeline, drains, and returns the report (SLOs evaluated). Throws
 * ProfileError for an invalid profile (nothing ran) and RunnerError when the target cannot be used.
 */
export async function runLoad(profileFile: string, options: LoadOptions = {}): Promise<LoadReport> {
  const emit = options.onEvent ?? (() => undefined);
  const profile = loadProfile(profileFile);
  const kind = options.target ?? 'in-process';
  const topology = kind === 'running' ? readTarget(options.dir!, options.adminToken, options.password).topology : validateTopology(loadTopology(options.topologyPath));
  const problems = checkProfileAgainstTopology(profile, topology);
  if (problems.length) throw new ProfileError(problems);
  for (const warning of profile.warnings) emit({ type: 'info', text: `warning: ${warning}` });

  const target = await openTarget(profile, { kind, ...pick(options, ['dir', 'adminToken', 'password', 'topologyPath', 'timeoutMs', 'keepUsers']), onLine: (text) => emit({ type: 'info', text }) });
  const fleet: CrowdHandle[] = [];
  try {
    const workerCount = options.workers ?? (target.users.length <= 1500 ? 0 : Math.ceil(target.users.length / 2500));
    const setups = plan(profile, target.users, target.topology, target.endpoints, Math.max(1, workerCount), options.connectLimit ?? 100, target.clientOptions);
    emit({ type: 'info', text: `${target.label}: ${target.users.length} users in ${profile.populations.length} populations; generator: ${workerCount ? `${workerCount} worker processes` : 'this process'}` });

    const aggregate = new Aggregate(profile.intervalMs);
    // A delivery is reported up to two intervals after it happened, and may come as late as every deadline allows.
    const ledger = new DeliveryLedger((options.timeoutMs ?? 2000) * 3 + 2 * profile.intervalMs + 5000);
    const loopDelays: number[] = [];
    const signedIn = new Map<number, number>();
    const pending = new Map<number, number>();
    let t0 = 0;
    let lastTick: { rate: number; p99: number } = { rate: 0, p99: 0 };
    const onDelta = (index: number, delta: CrowdDelta) => {
      const at = delta.t - profile.intervalMs / 2;
      aggregate.add(delta.rows, at);
      aggregate.addSignedIn(index, delta.signedIn, at);
      signedIn.set(index, delta.signedIn);
      pending.set(index, delta.pending);
      for (const a of delta.answers) ledger.answered(a);
      for (const [id, at] of delta.deliveries) ledger.delivered(id, at);
      for (const [path, n] of Object.entries(delta.outOfOrder)) ledger.outOfOrder('message', path, n);
      for (const [key, n] of Object.entries(delta.unanswered)) {
        const [kind, path] = key.split('|') as [Kind, string];
        ledger.unanswered(kind, path, n);
      }
      loopDelays.push(delta.loopDelayP99Ms);
    };
    fleet.push(...(await startFleet(setups, workerCount > 0, onDelta)));

    const sampler = new ResourceSampler([
      ...target.processes,
      ...(workerCount ? fleet.map((h) => ({ name: `generator ${h.index + 1}`, pid: h.pid, role: 'generator' as const })) : []),
      ...(workerCount || kind !== 'in-process' ? [{ name: 'generator (coordinator)', pid: process.pid, role: 'generator' as const }] : []),
    ], availableParallelism());
    const timeline = new Timeline(profile.timeline, target.admin, target.topology, (factor) => fleet.forEach((h) => h.setFactor(factor)));

    const endMs = profile.rampUpMs + profile.steadyMs;
    const startedAt = new Date();
    t0 = Date.now() + 200;
    for (const h of fleet) h.start(t0, profile.intervalMs);
    timeline.start(t0, endMs);
    const reported = new Set<number>();
    // Once an interval: resources, the intervals no late delta can reach any more, the ledger, progress.
    const tick = setInterval(() => {
      const t = Date.now() - t0;
      sampler.sample(t);
      aggregate.close(t - 2 * profile.intervalMs);
      ledger.sweep(Date.now());
      const last = aggregate.points.at(-1);
      if (last) lastTick = { rate: last.rate, p99: last.latency.p99 };
      for (const mark of timeline.marks.filter((m) => !reported.has(m.t))) {
        reported.add(mark.t);
        emit({ type: 'mark', t: mark.t, label: mark.label, ...(mark.error ? { error: mark.error } : {}) });
      }
      const requests = [...aggregate.rows.values()].reduce((n, r) => n + r.histogram.totalCount, 0);
      const errors = aggregate.points.reduce((n, p) => n + p.errors, 0);
      emit({
        type: 'tick', t: Math.max(0, t), phase: t < profile.rampUpMs ? 'ramp-up' : t < endMs ? 'steady' : 'drain', endMs, ...lastTick, errors, requests,
        signedIn: [...signedIn.values()].reduce((a, b) => a + b, 0), pending: [...pending.values()].reduce((a, b) => a + b, 0),
      });
    }, Math.min(1000, profile.intervalMs));

    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, t0 + endMs - Date.now()));
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    timeline.stop();
    const durationMs = Date.now() - t0;
    const interruptedAtMs = options.signal?.aborted ? durationMs : null;
    if (interruptedAtMs !== null) emit({ type: 'info', text: `interrupted at ${(interruptedAtMs / 1000).toFixed(1)} s: draining, then reporting what was measured` });
    const unanswered = (await Promise.all(fleet.map((h) => h.drain(profile.drainMs)))).flat();
    await Promise.all(fleet.map((h) => h.flush()));
    clearInterval(tick);
    sampler.sample(Date.now() - t0);
    for (const u of unanswered) ledger.unanswered(u.kind, u.path, u.count);
    ledger.finish();
    aggregate.close();

    const slos = profile.slos.map((slo) => evaluateSlo(slo, {
      rows: [...aggregate.rows.values()],
      delivery: (filter) => ledger.totals(filter),
      durationMs,
      peakSignedIn: Math.max(0, ...aggregate.points.map((p) => p.signedIn)),
    }));
    return buildReport({
      profile, target: { label: target.label, kind }, startedAt, durationMs, interruptedAtMs,
      users: { total: target.users.length, signingIn: target.users.filter((u) => u.online).length },
      aggregate, ledger, sampler, timeline: timeline.marks,
      generator: { processes: fleet.length, workers: workerCount > 0, loopDelayP99Ms: Math.round(Math.max(0, ...loopDelays)), loopDelayMedianMs: Math.round(median(loopDelays)) },
      slos,
    });
  } finally {
    await Promise.all(fleet.map((h) => h.close().catch(() => undefined)));
    await target.close();
  }
}

/** Splits the users over the generator's processes, and spreads the sign-ins over the ramp-up in a random order. */
function plan(
  profile: LoadProfile, users: CrowdSetup['users'], topology: ReturnType<typeof loadTopology>, endpoints: { home: string; providers: Record<string, string> },
  processes: number, connectLimit: number, clientOptions: Record<string, unknown>,
): CrowdSetup[] {
  const order = new Random(profile.seed).shuffle(users.map((_, i) => i));
  const signInAt = new Map(order.map((index, rank) => [index, order.length > 1 ? (profile.rampUpMs * rank) / (order.length - 1) : 0]));
  const domains: Record<string, string> = Object.fromEntries([
    ...topology.organization.domains.map((d) => [d, 'home']),
    ...topology.providers.flatMap((p) => p.domains.map((d) => [d, p.id])),
  ]);
  const servers = { home: endpoints.home, ...endpoints.providers };
  const populations = profile.populations.map((p) => ({ name: p.name, behaviour: p.behaviour, talksTo: p.talksTo }));
  return Array.from({ length: processes }, (_, k) => ({
    users, populations, servers, domains, clientOptions,
    mine: users.map((_, index) => index).filter((index) => index % processes === k).map((index) => ({ index, signInAtMs: signInAt.get(index)! })),
    seed: profile.seed,
    connectLimit: Math.max(1, Math.floor(connectLimit / processes)),
    signInTimeoutMs: 15_000,
    t0: 0,
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

function pick<T extends object, K extends keyof T>(object: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]])) as Partial<Pick<T, K>>;
}
