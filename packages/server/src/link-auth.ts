import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Namespace, Socket as ServerSocket } from 'socket.io';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { EdgeHello, ProviderHello } from '@fedlab/protocol';
import { EdgeHelloSchema, EdgeProofSchema, ProviderHelloSchema, parse } from '@fedlab/protocol';
import type { SecurityLog } from './security-log.ts';

/**
 * The federation link handshake, a challenge–response standing in for mutual TLS. Both sides hold the provider
 * entry's link secret and prove it without sending it:
 *
 *   edge → provider  hello { domains, fqdn, expectedFqdn, expectedPort, nonce: Ne }
 *   provider → edge  ack   { name, fqdn, domains, nonce: Np, proof: HMAC(secret, "provider" | fqdn:port | edge fqdn | Ne | Np) }
 *   edge → provider  prove { proof: HMAC(secret, "edge" | edge fqdn | fqdn:port | Ne | Np) }
 *   provider → edge  ack   { ok: true }: the link is up on both sides
 *
 * The provider proves first, so the edge shows nothing to a peer that has not proved it holds the secret. Each
 * proof covers both fresh nonces (no replay) and the address the edge dialed (FQDN and port): a fake peer at a
 * wrong address that relays the handshake to the real provider carries proofs made for two different addresses,
 * which neither side accepts. The edge computes with the address it dialed, the provider with its own.
 */
export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

export interface HandshakeParts {
  edgeFqdn: string;
  /** The provider's Access Edge address, `fqdn:port`: as dialed (edge), as listening (provider). */
  providerAddress: string;
  edgeNonce: string;
  providerNonce: string;
}

export function proofOf(secret: string, role: 'provider' | 'edge', parts: HandshakeParts): string {
  const fields = role === 'provider'
    ? ['fedlab-link-v1', 'provider', parts.providerAddress, parts.edgeFqdn, parts.edgeNonce, parts.providerNonce]
    : ['fedlab-link-v1', 'edge', parts.edgeFqdn, parts.providerAddress, parts.edgeNonce, parts.providerNonce];
  return createHmac('sha256', secret).update(fields.join('\u0000')).digest('base64url');
}

/** Compares two proofs in constant time. */
export function proofMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type DialResult =
  | { ok: true; hello: ProviderHello }
  | { ok: false; state: 'unreachable' | 'fqdn-mismatch' | 'auth-failed'; detail: string };

/** The edge's side, on a connected socket to the provider's `/federation`. */
export async function authenticateProvider(
  socket: ClientSocket,
  options: { secret: string | undefined; edgeFqdn: string; expectedFqdn: string; expectedPort: number; domains: string[]; timeoutMs: number },
): Promise<DialResult> {
  if (!options.secret) return { ok: false, state: 'auth-failed', detail: 'no link secret is known for this entry: give one (linkSecret) when adding it' };
  const hello: EdgeHello = { domains: options.domains, fqdn: options.edgeFqdn, expectedFqdn: options.expectedFqdn, expectedPort: options.expectedPort, nonce: newNonce() };
  let answer: unknown;
  try {
    answer = await socket.timeout(options.timeoutMs).emitWithAck('hello', hello);
  } catch {
    return { ok: false, state: 'unreachable', detail: 'no answer to hello' };
  }
  const parsed = parse(ProviderHelloSchema, answer);
  if (!parsed.ok || parsed.value.fqdn !== options.expectedFqdn) {
    const detail = (answer as { error?: unknown })?.error;
    return { ok: false, state: 'fqdn-mismatch', detail: typeof detail === 'string' ? detail.slice(0, 300) : `the peer did not prove it is ${options.expectedFqdn}` };
  }
  const address = `${options.expectedFqdn}:${options.expectedPort}`;
  const parts = { edgeFqdn: options.edgeFqdn, providerAddress: address, edgeNonce: hello.nonce, providerNonce: parsed.value.nonce };
  if (!proofMatches(proofOf(options.secret, 'provider', parts), parsed.value.proof)) {
    return { ok: false, state: 'auth-failed', detail: `the peer did not prove it holds the link secret of ${address}` };
  }
  let confirmed: unknown;
  try {
    confirmed = await socket.timeout(options.timeoutMs).emitWithAck('prove', { proof: proofOf(options.secret, 'edge', parts) });
  } catch {
    return { ok: false, state: 'unreachable', detail: 'no answer to prove' };
  }
  if ((confirmed as { ok?: unknown })?.ok !== true) {
    return { ok: false, state: 'auth-failed', detail: `the provider refused the edge's proof: check the link secret of ${address}` };
  }
  return { ok: true, hello: parsed.value };
}

export interface AcceptEdgeOptions {
  name: string;
  fqdn: string;
  /** The port this provider listens on (known once it listens): proofs cover fqdn:port. */
  port: () => number;
  domains: string[];
  /** This provider's link secret; only the edge that holds it gets the link. */
  secret: string;
  security: SecurityLog;
  /** A peer that has not finished the handshake by then is hung up on. */
  timeoutMs: number;
  /** Called once a peer proved it is the organization's edge. */
  onEdge: (socket: ServerSocket) => void;
  log: (line: string) => void;
}

/** The provider's side: every socket on `/federation` must complete the handshake before anything else. */
export function acceptEdge(namespace: Namespace, options: AcceptEdgeOptions): void {
  namespace.on('connection', (socket) => {
    const source = socket.handshake.address;
    let parts: HandshakeParts | undefined;
    const deadline = setTimeout(() => socket.disconnect(true), Math.max(options.timeoutMs, 1000) * 2);
    socket.on('disconnect', () => clearTimeout(deadline));
    const refuse = (ack: (answer: { error: string }) => void, error: string, record?: string) => {
      if (record) options.security.record({ kind: 'link-auth-failed', source, where: 'federation', detail: record });
      ack({ error });
      socket.disconnect(true);
    };
    socket.on('hello', (raw: unknown, maybeAck: unknown) => {
      if (typeof maybeAck !== 'function' || parts) return;
      const ack = maybeAck as (answer: unknown) => void;
      const hello = parse(EdgeHelloSchema, raw);
      if (!hello.ok) return refuse(ack, `malformed hello: ${hello.error}`, `A malformed federation hello: ${hello.error}`);
      if (hello.value.expectedFqdn !== options.fqdn) return refuse(ack, `this is ${options.fqdn}, not ${hello.value.expectedFqdn}`);
      parts = { edgeFqdn: hello.value.fqdn, providerAddress: `${options.fqdn}:${options.port()}`, edgeNonce: hello.value.nonce, providerNonce: newNonce() };
      const answer: ProviderHello = { name: options.name, fqdn: options.fqdn, domains: options.domains, nonce: parts.providerNonce, proof: proofOf(options.secret, 'provider', parts) };
      ack(answer);
    });
    socket.on('prove', (raw: unknown, maybeAck: unknown) => {
      if (typeof maybeAck !== 'function') return;
      const ack = maybeAck as (answer: unknown) => void;
      const proof = parse(EdgeProofSchema, raw);
      if (!parts || !proof.ok || !proofMatches(proofOf(options.secret, 'edge', parts), proof.value.proof)) {
        return refuse(ack, 'unauthorized: this peer is not the organization\'s edge', `A federation peer (${parts?.edgeFqdn ?? 'no hello'}) did not prove it holds this provider's link secret.`);
      }
      clearTimeout(deadline);
      socket.removeAllListeners('hello');
      socket.removeAllListeners('prove');
      ack({ ok: true });
      options.onEdge(socket);
      options.log(`federation link up from ${source} (the edge proved it holds the link secret)`);
    });
  });
}
