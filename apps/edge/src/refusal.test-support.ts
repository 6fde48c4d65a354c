import { expect } from 'vitest';

/** An error a settings change throws when it refuses: a stable code, and a sentence for the admin. */
type CodedError = Error & { code: string };

/** Runs a change that must be refused with an error of `kind`; returns its code and sentence (a change that goes through fails the test). */
export function refusalOf<E extends CodedError>(kind: abstract new (...args: never[]) => E, change: () => unknown): { code: E['code']; message: string } {
  try {
    change();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return { code: (error as E).code, message: (error as E).message };
  }
  throw new Error('the change was not refused');
}
