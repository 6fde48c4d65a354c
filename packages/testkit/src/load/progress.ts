import type { Style } from '../scenarios/report.ts';
import type { LoadEvent } from './run.ts';
import { formatMs } from './units.ts';

/**
 * Live progress of a load run. On a terminal, one line rewritten in place every second (phase, elapsed, users
 * signed in, rate, p99, errors, requests in flight); elsewhere (CI logs) a plain line every `plainEveryMs`.
 * Timeline actions and notes always get lines of their own.
 */
export class Progress {
  #live = false;
  #lastPlain = -Infinity;
  /** Recent ticks: the rate is taken over the last few seconds (reports come once an interval, ticks once a second). */
  readonly #recent: { t: number; requests: number }[] = [];

  constructor(
    readonly write: (text: string) => void,
    readonly terminal: boolean,
    readonly style: Style,
    readonly plainEveryMs = 5000,
  ) {}

  /** A whole line above the live one. */
  line(text: string): void {
    this.#clear();
    this.write(`${text}\n`);
  }

  onEvent = (event: LoadEvent): void => {
    if (event.type === 'info') return this.line(this.style.dim(event.text));
    if (event.type === 'mark') return this.line(`${clock(event.t)} ${event.error ? this.style.bad(`✗ ${event.label}: ${event.error}`) : this.style.warn(`▸ ${event.label}`)}`);
    // The rate of answers over the last 5 seconds: live, where the plots' intervals lag.
    this.#recent.push({ t: event.t, requests: event.requests });
    while (this.#recent.length > 2 && this.#recent[0]!.t < event.t - 5000) this.#recent.shift();
    const first = this.#recent[0]!;
    const rate = event.t > first.t ? ((event.requests - first.requests) * 1000) / (event.t - first.t) : 0;
    const text = `${event.phase.padEnd(7)} ${clock(event.t)}/${clock(event.endMs)}  users ${String(event.signedIn).padStart(5)}  ${String(Math.round(rate)).padStart(5)} answers/s  p99 ${formatMs(event.p99).padStart(8)}  errors ${event.errors ? this.style.bad(String(event.errors)) : '0'}  in flight ${event.pending}  (${event.requests} answered)`;
    if (this.terminal) {
      this.write(`\r\u001b[2K${text}`);
      this.#live = true;
    } else if (event.t - this.#lastPlain >= this.plainEveryMs) {
      this.#lastPlain = event.t;
      this.write(`${text}\n`);
    }
  };

  /** Leaves the live line as it is and moves below it. */
  end(): void {
    if (this.#live) this.write('\n');
    this.#live = false;
  }

  #clear(): void {
    if (this.#live) this.write('\r\u001b[2K');
    this.#live = false;
  }
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
