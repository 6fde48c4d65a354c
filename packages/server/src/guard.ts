import type { Static, TSchema } from '@sinclair/typebox';
import { parse } from '@fedlab/protocol';
import type { SecurityLog } from './security-log.ts';
import { StorageError } from './store.ts';

/** Why the guard did not hand a payload to its handler, or why the handler failed. */
export interface Refusal {
  code: 'invalid-payload' | 'rate-limited' | 'internal-error' | 'storage-failed';
  message: string;
}

export interface GuardedEvent<S extends TSchema, R> {
  /** The event, for the log. */
  event: string;
  schema: S;
  /** The answer to give when the guard refuses, or the handler fails; `raw` is the payload as it came. */
  refuse: (refusal: Refusal, raw: unknown) => R;
  /** Takes one token of the sender's rate limit; false: refused with `rate-limited`, nothing done. */
  limit?: () => boolean;
  /** Who sent it, for the security log: a client's IP address, or `link:<peer>`; default the guard's. */
  source?: string;
}

/** Where a guard records the input it refused as off the contract (`malformed-input`), and whom it blames. */
export interface GuardSecurity {
  log: SecurityLog;
  /** The default source of what the guard refuses (a handler's `source` overrides it). */
  source: string;
}

/** At most this many log lines a second per guard; a flood of bad input is summed up, not printed line by line. */
const LOG_LINES_PER_SECOND = 10;

/**
 * The one door through which every handler of every namespace takes its payload and its acknowledgement. Nothing
 * a client or a peer sends reaches a line that is not guarded:
 * - an acknowledgement that is not a function: nothing can be answered, so nothing is done (a log line);
 * - a payload off its schema (wrong types, missing or extra fields, `__proto__` keys): refused with
 *   `invalid-payload`, nothing done; a value is never coerced (no `String(raw.id)` on a hostile object);
 * - past the sender's rate limit: refused with `rate-limited`, nothing done;
 * - a handler that throws (or rejects): a `StorageError` is answered `storage-failed`, anything else
 *   `internal-error`, with the stack in the log; never an uncaught exception, and the process keeps serving;
 * - the acknowledgement is called once, whatever the handler does.
 * Input off the contract (no acknowledgement function, a payload off its schema) is also a security event
 * (`malformed-input`, docs/security.md), grouped per source and minute so that a flood costs one row a minute.
 */
export class Guard {
  #logged = 0;
  #suppressed = 0;
  #window = 0;

  constructor(readonly where: string, readonly log: (line: string) => void, readonly security?: GuardSecurity) {}

  /** A listener for `socket.on(event, …)` with an acknowledgement: `work`'s result is the answer. */
  handler<S extends TSchema, R>(spec: GuardedEvent<S, R>, work: (payload: Static<S>) => R | Promise<R>): (raw: unknown, ack: unknown) => void {
    return (raw, ack) => {
      if (typeof ack !== 'function') return this.#malformed(spec, 'dropped, no acknowledgement function');
      let answered = false;
      const answer = (result: R) => {
        if (answered) return;
        answered = true;
        try {
          (ack as (result: R) => void)(result);
        } catch (error) {
          this.#note(`${spec.event}: the acknowledgement failed: ${describe(error)}`);
        }
      };
      const fail = (error: unknown) => answer(spec.refuse(this.#failure(spec.event, error), raw));
      try {
        const parsed = parse(spec.schema, raw);
        if (!parsed.ok) {
          this.#malformed(spec, `refused, ${parsed.error}`);
          return answer(spec.refuse({ code: 'invalid-payload', message: parsed.error }, raw));
        }
        if (spec.limit && !spec.limit()) return answer(spec.refuse({ code: 'rate-limited', message: 'Too many in a short time; try again shortly.' }, raw));
        const result = work(parsed.value);
        if (isPromise(result)) result.then(answer, fail);
        else answer(result);
      } catch (error) {
        fail(error);
      }
    };
  }

  /** A listener for an event without acknowledgement (a notice): bad payloads and failures are logged, never thrown. */
  notice<S extends TSchema>(spec: { event: string; schema: S; source?: string }, work: (payload: Static<S>) => void | Promise<void>): (raw: unknown) => void {
    return (raw) => {
      try {
        const parsed = parse(spec.schema, raw);
        if (!parsed.ok) return this.#malformed(spec, `ignored, ${parsed.error}`);
        const result = work(parsed.value);
        if (isPromise(result)) result.catch((error: unknown) => this.#failure(spec.event, error));
      } catch (error) {
        this.#failure(spec.event, error);
      }
    };
  }

  #failure(event: string, error: unknown): Refusal {
    if (error instanceof StorageError) {
      this.log(`${this.where} ${event}: storage failed: ${error.message}`);
      return { code: 'storage-failed', message: 'The server could not write its data file; nothing was changed.' };
    }
    this.log(`${this.where} ${event}: failed: ${(error as Error)?.stack ?? describe(error)}`);
    return { code: 'internal-error', message: 'The server failed; its log has the stack.' };
  }

  /** Input off the contract: a (throttled) log line and a security event. */
  #malformed(spec: { event: string; source?: string }, what: string): void {
    this.#note(`${spec.event}: ${what}`);
    if (this.security) this.security.log.malformed(spec.source ?? this.security.source, `${this.where} ${spec.event}`, what.slice(0, 300));
  }

  /** A log line about refused input, at most LOG_LINES_PER_SECOND a second; the rest is counted. */
  #note(line: string): void {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.#window) {
      if (this.#suppressed) this.log(`${this.where}: ${this.#suppressed} more refused inputs not shown`);
      this.#window = second;
      this.#logged = 0;
      this.#suppressed = 0;
    }
    if (this.#logged++ < LOG_LINES_PER_SECOND) this.log(`${this.where} ${line}`);
    else this.#suppressed++;
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown })?.then === 'function';
}

/** Describes a thrown value without trusting it: its own toString could throw. */
function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : typeof error;
  } catch {
    return 'an unprintable value';
  }
}

/** The id a hostile payload claims, if it is a plain string; never coerced. */
export function claimedId(raw: unknown): string {
  try {
    const id = (raw as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id.length <= 64 ? id : 'unknown';
  } catch {
    return 'unknown';
  }
}
