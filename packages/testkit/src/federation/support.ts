import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Answer, HopDecision } from '@fedlab/protocol';
import { decidingDecision } from '@fedlab/policy';
import { deploy, type DeployOptions, type Deployment } from '../deploy.ts';

/**
 * One deployment per test file, reset to the topology before each test (fresh lists, prompts, settings,
 * provider list), with the given providers allowed at the edge.
 */
export function useDeployment(options: DeployOptions & { allow?: string[] } = {}): () => Deployment {
  let d: Deployment | undefined;
  beforeAll(async () => {
    d = await deploy(options);
  });
  beforeEach(async () => {
    await d!.admin.resetAll();
    for (const id of options.allow ?? []) await d!.admin.allowProvider(id);
    await d!.edge.ready();
  });
  afterAll(async () => {
    await d?.close();
  });
  return () => d!;
}

/** The decision that settled a request, read from the admin trace (the words of @fedlab/policy's trace.ts). */
export async function decidingHop(d: Deployment, answer: Answer): Promise<HopDecision> {
  const trace = await d.admin.trace(answer.requestId);
  const deciding = decidingDecision(trace.decisions);
  if (!deciding) throw new Error(`no deciding hop in the trace of ${answer.requestId}`);
  return deciding;
}

/** What the answer and the trace say, in one object that reads well in an assertion. */
export async function outcome(d: Deployment, answer: Answer): Promise<{ code: number; seen: string; hop: string; reason: string; rule: string }> {
  const deciding = await decidingHop(d, answer);
  return { code: answer.code, seen: answer.diagnostic.reason, hop: deciding.hop, reason: deciding.reason, rule: deciding.rule };
}
