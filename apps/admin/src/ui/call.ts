import type { AdminClient } from '@fedlab/sdk';
import { explainFailure } from '../logic/session.ts';

export type Called<T> = { ok: true; value: T } | { ok: false };

/**
 * One call to the edge or the home server on behalf of an element: `busy(true)` while it runs, `busy(false)` after,
 * and a failure turned into a sentence (what happened, what to do) handed to `failed`. Never throws.
 */
export async function callServer<T>(
  client: AdminClient | undefined,
  call: (client: AdminClient) => Promise<T>,
  hooks: { busy(on: boolean): void; failed(message: string): void },
): Promise<Called<T>> {
  if (!client) return { ok: false };
  hooks.busy(true);
  try {
    return { ok: true, value: await call(client) };
  } catch (error) {
    hooks.failed(explainFailure(error, client.endpoints));
    return { ok: false };
  } finally {
    hooks.busy(false);
  }
}
