/**
 * How long each hop waits, from one base (FEDLAB_TIMEOUT_MS). Deadlines nest: a client gets the base, the edge
 * twice that for the server behind it, and the server a person is signed in to three times, so that the hop
 * next to the silent one is the one that answers 408, and the sender learns where the path went quiet.
 */
/** The base deadline when none is configured: loopback answers in milliseconds, so 2 s is already generous. */
export const DEFAULT_TIMEOUT_MS = 2000;

export function deadlines(baseMs: number): { client: number; edge: number; origin: number } {
  return { client: baseMs, edge: 2 * baseMs, origin: 3 * baseMs };
}
