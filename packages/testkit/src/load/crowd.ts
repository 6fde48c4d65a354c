import { monitorEventLoopDelay } from 'node:perf_hooks';
import { domainOf } from '@fedlab/protocol';
import { Gate } from './gate.ts';
import type { AnswerEvent } from './ledger.ts';
import type { LoadUser } from './population.ts';
import type { Behaviour } from './profile.ts';
import { Random } from './random.ts';
import { Recorder, type Kind, type RowDelta } from './recorder.ts';
import { VirtualUser } from './virtual-user.ts';

/** Everything one process of the generator needs to run its share of the users (it travels to workers as JSON). */
export interface CrowdSetup {
  /** Every user of the run: the peers to talk to. */
  users: LoadUser[];
  /** Indexes (in users) of the users this process runs, with when each signs in (ms after t0). */
  mine: { index: number; signInAtMs: number }[];
  populations: { name: string; behaviour: Behaviour; talksTo: Record<string, number> }[];
  /** `home` or a provider id → the URL its users sign in to. */
  servers: Record<string, string>;
  /** Domain → `home` or a provider id. */
  domains: Record<string, string>;
  seed: number;
  /** Sign-ins under way at once, in this process. */
  connectLimit: number;
  signInTimeoutMs: number;
  clientOptions: Record<string, unknown>;
  /** The start of the run (epoch ms), the same in every process: set when the run starts. */
  t0: number;
}

/** What one process measured since it last reported. */
export interface CrowdDelta {
  /** ms after t0 at the end of the window it covers. */
  t: number;
  rows: RowDelta[];
  answers: AnswerEvent[];
  /** Requests the clients of this process accepted: [request id, epoch ms]. */
  deliveries: [string, number][];
  /** Messages out of order, by path. */
  outOfOrder: Record<string, number>;
  /** Requests whose connection dropped before their answer, by `kind|path`. */
  unanswered: Record<string, number>;
  signedIn: number;
  /** Requests sent and not answered yet. */
  pending: number;
  /** This process's event loop delay in the window (ms): high values mean the generator itself was the limit. */
  loopDelayP99Ms: number;
}

export interface Unanswered {
  kind: Kind;
  path: string;
  count: number;
}

/** The virtual users of one process (a worker, or the coordinator itself), with what they measured. */
export class Crowd {
  readonly users: VirtualUser[] = [];
  readonly #recorder = new Recorder();
  #answers: AnswerEvent[] = [];
  #deliveries: [string, number][] = [];
  #outOfOrder: Record<string, number> = {};
  #unanswered: Record<string, number> = {};
  #factor = 1;
  #active = true;
  readonly #loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(readonly setup: CrowdSetup, processIndex = 0) {
    const random = new Random(setup.seed * 7919 + processIndex + 1);
    const gate = new Gate(setup.connectLimit);
    const byPopulation = setup.populations.map((_, i) => setup.users.filter((u) => u.population === i));
    const peers = setup.populations.map((p) => {
      const targets = Object.entries(p.talksTo).map(([name, weight]) => ({ users: byPopulation[setup.populations.findIndex((q) => q.name === name)] ?? [], weight }));
      return targets.filter((t) => t.users.length);
    });
    for (const { index } of setup.mine) {
      const user = setup.users[index]!;
      this.users.push(new VirtualUser(user, setup.populations[user.population]!.behaviour, {
        random,
        factor: () => this.#factor,
        active: () => this.#active,
        urlOf: (server) => setup.servers[server]!,
        serverOf: (address) => setup.domains[domainOf(address)] ?? 'unknown',
        pickPeer: (me) => {
          const targets = peers[me.population]!;
          if (!targets.length) return undefined;
          for (let tries = 0; tries < 4; tries++) {
            const peer = random.pick(targets[random.weighted(targets.map((t) => t.weight))]!.users);
            if (peer !== me) return peer;
          }
          return undefined;
        },
        gate: (fn) => gate.run(fn),
        clientOptions: setup.clientOptions,
        signInTimeoutMs: setup.signInTimeoutMs,
        record: (kind, path, ms, code, reason, requestId) => {
          this.#recorder.record(kind, path, ms, code, reason);
          if (requestId) this.#answers.push({ id: requestId, kind, path, code, at: Date.now() });
        },
        delivered: (id) => this.#deliveries.push([id, Date.now()]),
        outOfOrder: (path) => {
          this.#outOfOrder[path] = (this.#outOfOrder[path] ?? 0) + 1;
        },
        unanswered: (kind, path) => {
          this.#unanswered[`${kind}|${path}`] = (this.#unanswered[`${kind}|${path}`] ?? 0) + 1;
        },
      }));
    }
  }

  /** Schedules every user's sign-in from t0 (users that are not online in the profile never sign in). */
  start(t0: number): void {
    this.setup.t0 = t0;
    this.#loopDelay.enable();
    const now = Date.now();
    this.setup.mine.forEach(({ index, signInAtMs }, i) => {
      if (this.setup.users[index]!.online) this.users[i]!.start(Math.max(0, this.setup.t0 + signInAtMs - now));
    });
  }

  setFactor(factor: number): void {
    this.#factor = factor;
    for (const u of this.users) u.reschedule();
  }

  get signedIn(): number {
    return this.users.reduce((n, u) => n + (u.client && u.state !== 'signing-in' ? 1 : 0), 0);
  }

  get pending(): number {
    return this.users.reduce((n, u) => n + u.pending.size, 0);
  }

  /** What was measured since the last call, in the window that ends at `windowEnd` (epoch ms; now by default). */
  take(windowEnd = Date.now()): CrowdDelta {
    const delta: CrowdDelta = {
      t: windowEnd - this.setup.t0,
      rows: this.#recorder.take(),
      answers: this.#answers,
      deliveries: this.#deliveries,
      outOfOrder: this.#outOfOrder,
      unanswered: this.#unanswered,
      signedIn: this.signedIn,
      pending: this.pending,
      loopDelayP99Ms: this.#loopDelay.count ? this.#loopDelay.percentile(99) / 1e6 : 0,
    };
    this.#answers = [];
    this.#deliveries = [];
    this.#outOfOrder = {};
    this.#unanswered = {};
    this.#loopDelay.reset();
    return delta;
  }

  /**
   * Stops all new work and waits (at most timeoutMs) for the requests under way. What is still unanswered then
   * is returned: every hop has a deadline, so an answer that did not come by then never will.
   */
  async drain(timeoutMs: number): Promise<Unanswered[]> {
    this.#active = false;
    for (const u of this.users) u.stop();
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const counts = new Map<string, Unanswered>();
    for (const u of this.users) {
      for (const { kind, path } of u.pending.values()) {
        const key = `${kind}|${path}`;
        const entry = counts.get(key) ?? { kind, path, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
    }
    return [...counts.values()];
  }

  close(): void {
    this.#loopDelay.disable();
    for (const u of this.users) u.close();
  }
}
