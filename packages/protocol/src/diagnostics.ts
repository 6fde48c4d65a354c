import type { StatusCode } from './codes.ts';

/**
 * The diagnostics table, in the spirit of the product's `ms-diagnostics` header. Every answer names one
 * reason of this table: its numeric id and reason string are stable and may be asserted on by tests.
 * `public` is what crosses the boundary (`ms-diagnostics-public`): the outside learns the code and a
 * public reason, never which internal setting or list decided.
 */
export const PUBLIC_REASONS = {
  accepted: { id: 1000, code: 200, sentence: 'The request was accepted.' },
  delivered: { id: 1001, code: 200, sentence: 'The request was delivered.' },
  pending: { id: 1002, code: 202, sentence: 'The recipient is being asked.' },
  'bad-request': { id: 1400, code: 400, sentence: 'The request is malformed.' },
  forbidden: { id: 1403, code: 403, sentence: 'The recipient does not accept this request.' },
  'not-found': { id: 1404, code: 404, sentence: 'There is no such user.' },
  timeout: { id: 1408, code: 408, sentence: 'The next hop did not answer in time.' },
  'rate-limited': { id: 1429, code: 429, sentence: 'Too many requests; try again shortly.' },
  'temporarily-unavailable': { id: 1480, code: 480, sentence: 'The recipient is temporarily unavailable.' },
  unreachable: { id: 1504, code: 504, sentence: 'The next hop cannot be reached.' },
  'server-error': { id: 1500, code: 500, sentence: 'The server failed; this is a bug in fedlab.' },
} as const satisfies Record<string, { id: number; code: StatusCode; sentence: string }>;
export type PublicReason = keyof typeof PUBLIC_REASONS;

interface ReasonEntry {
  id: number;
  code: StatusCode;
  sentence: string;
  public: PublicReason;
}

export const REASONS = {
  // 2xx
  'accepted-on-allow-list': { id: 2001, code: 200, public: 'accepted', sentence: "The sender is on the recipient's Allow list." },
  'accepted-by-setting': { id: 2002, code: 200, public: 'accepted', sentence: "The request is verified and the recipient's setting is Allow." },
  'accepted-verified': { id: 2003, code: 200, public: 'accepted', sentence: 'The IM invitation is verified and the recipient accepts IM from people not on the Allow list.' },
  'accepted-internal': { id: 2004, code: 200, public: 'accepted', sentence: 'Colleagues inside the organization accept each other.' },
  'accepted-by-provider': { id: 2005, code: 200, public: 'accepted', sentence: 'The provider accepted the request for its user.' },
  'accepted-by-prompt': { id: 2006, code: 200, public: 'accepted', sentence: 'The recipient allowed the request when asked.' },
  delivered: { id: 2010, code: 200, public: 'delivered', sentence: 'Delivered to the recipient.' },
  'dialog-ended': { id: 2030, code: 200, public: 'delivered', sentence: 'A change cut the path: the IM session or presence subscription ended on both sides.' },
  'pending-prompt': { id: 2020, code: 202, public: 'pending', sentence: 'The request is verified, the sender is on neither list and the setting is Prompt: the recipient is being asked.' },
  // 400
  malformed: { id: 4000, code: 400, public: 'bad-request', sentence: 'The request does not match the wire contract.' },
  'not-in-session': { id: 4001, code: 400, public: 'bad-request', sentence: 'There is no open IM session with that id between these two people; send an invitation first.' },
  // 403 at the edge
  'spoofed-sender-domain': { id: 4031, code: 403, public: 'forbidden', sentence: "The sender's domain is not one of the domains of the provider whose link carried the request (security event)." },
  'federation-disabled': { id: 4032, code: 403, public: 'forbidden', sentence: 'Federation and public IM connectivity are turned off for the organization.' },
  'provider-not-listed': { id: 4033, code: 403, public: 'forbidden', sentence: 'The provider is not in the IM provider list of the edge.' },
  'provider-blocked': { id: 4034, code: 403, public: 'forbidden', sentence: 'The provider is temporarily blocked (its "Allow this IM service provider" box is cleared).' },
  'cross-provider-relay': { id: 4035, code: 403, public: 'forbidden', sentence: 'The edge does not relay between two outside parties.' },
  'sender-not-enabled-public-im': { id: 4036, code: 403, public: 'forbidden', sentence: 'The internal sender is not enabled for public IM connectivity.' },
  'sender-not-enabled-federation': { id: 4037, code: 403, public: 'forbidden', sentence: 'The internal sender is not enabled for federation.' },
  'domain-blocked': { id: 4038, code: 403, public: 'forbidden', sentence: 'The domain is on the Block tab of the edge: nothing crosses to or from it.' },
  'partner-not-allowed': { id: 4039, code: 403, public: 'forbidden', sentence: "The domain is neither an IM provider's, nor on the Allow tab, nor a partner the edge may discover." },
  // 403 at the edge: federated partners found through the Allow tab or the DNS
  'partner-link-mismatch': { id: 4060, code: 403, public: 'forbidden', sentence: "The link that carried the request is not the Access Edge of the sender's domain: neither the partner server on the Allow tab nor the one its DNS SRV record names (security event)." },
  'partner-watch-listed': { id: 4061, code: 403, public: 'forbidden', sentence: 'The discovered partner sent requests to more distinct addresses of the organization than the limit allows: it is on the watch list.' },
  // 403 at the home server or the client
  'recipient-not-enabled-public-im': { id: 4041, code: 403, public: 'forbidden', sentence: 'The internal recipient is not enabled for public IM connectivity.' },
  'recipient-not-enabled-federation': { id: 4042, code: 403, public: 'forbidden', sentence: 'The internal recipient is not enabled for federation.' },
  'sender-on-block-list': { id: 4043, code: 403, public: 'temporarily-unavailable', sentence: "The sender is on the recipient's Block list; the sender is answered as if the recipient were unavailable." },
  'unverified-not-on-allow-list': { id: 4044, code: 403, public: 'forbidden', sentence: "The request is unverified and the sender is not on the recipient's Allow list." },
  'subscription-setting-block': { id: 4045, code: 403, public: 'forbidden', sentence: "The sender is on neither list and the recipient's setting for verified subscriptions is Block." },
  'im-blocked-not-on-allow-list': { id: 4046, code: 403, public: 'forbidden', sentence: 'The recipient blocks IM from people who are not on the Allow list.' },
  'blocked-by-prompt': { id: 4047, code: 403, public: 'temporarily-unavailable', sentence: 'The recipient blocked the request when asked.' },
  'not-subscribed': { id: 4048, code: 403, public: 'forbidden', sentence: "A presence update for someone who has not subscribed to the sender's presence." },
  // 403 at a provider
  'blocked-by-provider-user': { id: 4051, code: 403, public: 'temporarily-unavailable', sentence: "The provider's user blocked the sender; the sender is answered as if the user were unavailable." },
  // 403: bounded state (each limit its own reason; the numbers are settings)
  'session-limit': { id: 4071, code: 403, public: 'forbidden', sentence: 'One of the two people already has as many open IM sessions as a person may have; end one first.' },
  'subscription-limit': { id: 4072, code: 403, public: 'forbidden', sentence: 'One of the two people already has as many presence subscriptions as a person may have.' },
  'prompt-limit': { id: 4073, code: 403, public: 'forbidden', sentence: 'The recipient already has as many subscription requests waiting for an answer as a person may have.' },
  // 404
  'user-not-found': { id: 4040, code: 404, public: 'not-found', sentence: 'There is no user with that address.' },
  'no-such-domain': { id: 4049, code: 404, public: 'not-found', sentence: "The recipient's domain has no federation SRV record: no Access Edge serves it." },
  // 408
  'next-hop-timeout': { id: 4080, code: 408, public: 'timeout', sentence: 'The next hop did not answer in time; the request was not retried.' },
  // 429
  'rate-limited': { id: 4290, code: 429, public: 'rate-limited', sentence: 'The sender sent too many requests in a short time.' },
  'partner-rate-limited': { id: 4291, code: 429, public: 'rate-limited', sentence: 'The discovered partner sent more requests a second than the limit for discovered partners.' },
  'partner-throttled': { id: 4292, code: 429, public: 'rate-limited', sentence: "Most of the discovered partner's recent requests were rejected as not found or unverified: it is limited to the rate for suspicious traffic." },
  // 480
  'recipient-offline': { id: 4800, code: 480, public: 'temporarily-unavailable', sentence: 'The recipient is not signed in.' },
  // 500
  'internal-error': { id: 5000, code: 500, public: 'server-error', sentence: 'The server failed while handling the request; its log has the stack. This is a bug in fedlab.' },
  'storage-failed': { id: 5001, code: 500, public: 'server-error', sentence: 'The server could not write its data file (its log says why); nothing was changed.' },
  // 504
  'provider-unreachable': { id: 5040, code: 504, public: 'unreachable', sentence: "The provider's Access Edge cannot be reached at its configured network address." },
  'home-unreachable': { id: 5042, code: 504, public: 'unreachable', sentence: 'The edge cannot reach the home server.' },
  'edge-unreachable': { id: 5041, code: 504, public: 'unreachable', sentence: 'The next hop toward the organization (its Access Edge) cannot be reached.' },
} as const satisfies Record<string, ReasonEntry>;
export type Reason = keyof typeof REASONS;

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(REASONS, value);
}
