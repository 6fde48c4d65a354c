import type { SignInError } from '@fedlab/protocol';
import { SIGN_IN_ERRORS } from '@fedlab/protocol';
import { envInt } from './env.ts';
import type { PasswordBook } from './passwords.ts';
import type { SecurityLog } from './security-log.ts';

/** Failed sign-ins allowed per window before further attempts are refused until the window ends. */
export const DEFAULT_SIGN_IN_LIMITS = { perAddress: 10, perSource: 30, windowMs: 60_000 };

export type SignInLimits = typeof DEFAULT_SIGN_IN_LIMITS;

/**
 * FEDLAB_SIGN_IN_FAILURES_PER_ADDRESS and FEDLAB_SIGN_IN_FAILURES_PER_SOURCE (defaults 10 and 30 a minute): with
 * the default loopback bind every local tool is one source, so a fuzz run that fails on purpose raises them.
 */
export function signInLimitsFromEnv(env: Record<string, string | undefined>): SignInLimits {
  return {
    perAddress: envInt(env, 'FEDLAB_SIGN_IN_FAILURES_PER_ADDRESS', DEFAULT_SIGN_IN_LIMITS.perAddress, { min: 1, max: 1_000_000 }),
    perSource: envInt(env, 'FEDLAB_SIGN_IN_FAILURES_PER_SOURCE', DEFAULT_SIGN_IN_LIMITS.perSource, { min: 1, max: 1_000_000 }),
    windowMs: DEFAULT_SIGN_IN_LIMITS.windowMs,
  };
}

/** Counts failures per key in fixed windows: past the limit, the key is refused until its window ends. */
class FailureWindow {
  readonly #windows = new Map<string, { count: number; endsAt: number }>();

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** ms until the key may try again; 0 when it may now. */
  waitFor(key: string, now: number): number {
    const window = this.#windows.get(key);
    if (!window || window.endsAt <= now) return 0;
    return window.count >= this.limit ? window.endsAt - now : 0;
  }

  fail(key: string, now: number): void {
    let window = this.#windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (this.#windows.size > 10_000) for (const [k, w] of this.#windows) if (w.endsAt <= now) this.#windows.delete(k);
  }
}

export class SignInRefused extends Error {
  readonly data: { code: SignInError };
  constructor(readonly code: SignInError, detail?: string) {
    super(`${code}: ${detail ?? SIGN_IN_ERRORS[code]}`);
    this.data = { code };
  }
}

export interface SignInGuardOptions {
  passwords: PasswordBook;
  security: SecurityLog;
  limits?: Partial<SignInLimits>;
}

/**
 * Checks a person's sign-in: the password (in constant time), with failures limited per address and per source,
 * each failure recorded as a security event (the password itself never is, nor logged).
 */
export class SignInGuard {
  readonly #perAddress: FailureWindow;
  readonly #perSource: FailureWindow;

  constructor(readonly options: SignInGuardOptions) {
    const limits = { ...DEFAULT_SIGN_IN_LIMITS, ...options.limits };
    this.#perAddress = new FailureWindow(limits.perAddress, limits.windowMs);
    this.#perSource = new FailureWindow(limits.perSource, limits.windowMs);
  }

  /** Resolves when the person may sign in; rejects with a `SignInRefused` saying why not. */
  async check(attempt: { address: string; exists: boolean; password: unknown; source: string }): Promise<void> {
    const { address, source } = attempt;
    const now = Date.now();
    const wait = Math.max(this.#perAddress.waitFor(address, now), this.#perSource.waitFor(source, now));
    if (wait > 0) {
      this.#report('sign-in-rate-limited', attempt, `Too many failed sign-ins for ${address} or from ${source}: refused without checking.`);
      throw new SignInRefused('too-many-attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s.`);
    }
    if (!attempt.exists) {
      this.#fail(attempt, now, `Sign-in as ${address}, who is not a user here.`);
      throw new SignInRefused('user-not-found', `${address} is not a user of ${this.options.security.node}`);
    }
    if (!(await this.options.passwords.verify(address, attempt.password))) {
      this.#fail(attempt, now, `Sign-in as ${address} with ${typeof attempt.password === 'string' && attempt.password ? 'a wrong' : 'no'} password.`);
      throw new SignInRefused('wrong-password', `The password for ${address} is wrong${typeof attempt.password === 'string' && attempt.password ? '' : ' (none was given)'}.`);
    }
  }

  #fail(attempt: { address: string; source: string }, now: number, detail: string): void {
    this.#perAddress.fail(attempt.address, now);
    this.#perSource.fail(attempt.source, now);
    this.#report('failed-sign-in', attempt, detail);
  }

  #report(kind: 'failed-sign-in' | 'sign-in-rate-limited', attempt: { address: string; source: string }, detail: string): void {
    this.options.security.record({ kind, source: attempt.source, where: 'sign-in', subject: attempt.address, detail });
  }
}
