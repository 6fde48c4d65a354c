import type { Address, Answer, FedRequest, Hop } from '@fedlab/protocol';
import { REASONS, answerFor, isReason, parseAnswer } from '@fedlab/protocol';
import { decision } from './decision.ts';

/**
 * What a client answered to a request its server delivered, as the server passes it on. The client speaks for
 * the client hop only: whatever its payload claims (another hop, another node, another request id, a reason of
 * the edge's, a code that is not its reason's), the answer is rebuilt from its reason alone, as decided by hop
 * `client` at node `client:<address>`, and each of its trail decisions is recorded as the client's, at the time
 * the server received it (a client's clock does not reorder the trace). An answer
 * off the contract, or past the bounds of `parseAnswer` (a trail nested 30,000 deep), is 400 `malformed` from
 * the client, and nothing of it is passed on.
 */
export function clientAnswer(raw: unknown, request: FedRequest, address: Address): Answer {
  const node = `client:${address}`;
  const parsed = parseAnswer(raw);
  const reason = parsed.ok ? parsed.value.diagnostic.reason : undefined;
  if (!parsed.ok || !isReason(reason)) {
    const error = parsed.ok ? `/diagnostic/reason: ${JSON.stringify(reason)} is not a reason of the diagnostics table` : parsed.error;
    return answerFor(request.id, 'malformed', 'client', { trail: [decision('client', node, 'contract', 'malformed', { error }, error)] });
  }
  const hop: Hop = 'client';
  const at = Date.now();
  const trail = (parsed.value.trail ?? []).map((d) => ({ ...d, hop, node, at, code: isReason(d.reason) ? REASONS[d.reason].code : d.code }));
  return answerFor(request.id, reason, hop, trail.length ? { trail } : {});
}
