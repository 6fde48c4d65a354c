import type { AdminClient } from '@fedlab/sdk';
import type { Topology } from '@fedlab/topology';
import type { ScenarioRun } from '../scenarios/scenario-run.ts';
import { STEP_BY_ACTION } from '../scenarios/steps/index.ts';
import type { TimelineEvent } from './profile.ts';

/** What the timeline did, and when: the report lists it and marks it on every plot. */
export interface TimelineMark {
  /** ms from the start of the run. */
  t: number;
  action: string;
  /** The entry as a person reads it, e.g. `blockProvider msn`. */
  label: string;
  error?: string;
}

/**
 * Carries out the profile's timeline: the admin actions of scenario files (same meaning, same bodies) at their
 * times, and `load` factors. Repeating entries (`every`) go on until `until` or the end.
 */
export class Timeline {
  readonly marks: TimelineMark[] = [];
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly events: TimelineEvent[],
    readonly admin: AdminClient,
    readonly topology: Topology,
    readonly setFactor: (factor: number) => void,
  ) {}

  /** Starts the clock: t0 is the start of the run (epoch ms), endMs when the load stops. */
  start(t0: number, endMs: number): void {
    for (const event of this.events) {
      const fire = (atMs: number) => {
        if (atMs > endMs || (event.untilMs !== undefined && atMs > event.untilMs)) return;
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          void this.#run(event, Date.now() - t0);
          if (event.everyMs) fire(atMs + event.everyMs);
        }, Math.max(0, t0 + atMs - Date.now()));
        this.#timers.add(timer);
      };
      fire(event.atMs);
    }
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #run(event: TimelineEvent, t: number): Promise<void> {
    const label = describe(event);
    try {
      await this.#apply(event);
      this.marks.push({ t, action: event.action, label });
    } catch (error) {
      this.marks.push({ t, action: event.action, label, error: error instanceof Error ? error.message : String(error) });
    }
  }

  async #apply(event: TimelineEvent): Promise<void> {
    if (event.action === 'load') return this.setFactor(event.body as number);
    // The admin steps of scenario files, run as they are: a global step uses only the admin API and the topology.
    const run = { admin: this.admin, target: { topology: this.topology } } as unknown as ScenarioRun;
    await STEP_BY_ACTION.get(event.action)!.run(run, event.body, undefined as never);
  }
}

function describe(event: TimelineEvent): string {
  const body = event.body;
  if (event.action === 'load') return `load ×${String(body)}`;
  const own = STEP_BY_ACTION.get(event.action)?.describe;
  if (own) return own(body);
  if (body && typeof body === 'object') return `${event.action} ${Object.entries(body).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ')}`;
  return `${event.action} ${String(body)}`;
}
