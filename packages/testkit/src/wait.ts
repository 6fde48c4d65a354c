/** How long a waiter waits before failing the test with its description. Generous: it only bounds a failure. */
export const DEFAULT_WAIT_MS = 10_000;

export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
}

/**
 * Waits for a condition, never for time: the condition is checked now and again each time `wake` fires (or on a
 * short poll when nothing can wake it). Fails with the description if it does not hold within the deadline.
 */
export async function waitUntil<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  description: string,
  options: { timeoutMs?: number; wake?: (notify: () => void) => () => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
  const first = await condition();
  if (first) return first;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let checking = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      unsubscribe();
      fn();
    };
    const check = async () => {
      if (done || checking) return;
      checking = true;
      try {
        const value = await condition();
        if (value) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      } finally {
        checking = false;
      }
    };
    const unsubscribe = options.wake ? options.wake(() => void check()) : () => undefined;
    const poll = setInterval(() => void check(), options.wake ? 250 : 20);
    const timer = setTimeout(() => finish(() => reject(new WaitTimeout(`timed out after ${options.timeoutMs ?? DEFAULT_WAIT_MS} ms waiting for: ${description}`))), Math.max(0, deadline - Date.now()));
  });
}
