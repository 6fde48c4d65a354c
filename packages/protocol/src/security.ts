import { Type, type Static } from '@sinclair/typebox';

/**
 * Signing in, origins, link authentication and security events: the parts of the contract that say who may
 * connect and what is recorded when someone may not (docs/security.md).
 */

/** Why a sign-in was refused: the code starts the `connect_error` message and is `error.data.code`. */
export const SIGN_IN_ERRORS = {
  'invalid-address': 'Sign in with auth { address: "user@domain", password }.',
  'user-not-found': 'There is no such user on this server.',
  'wrong-password': 'The password is wrong (or missing).',
  'too-many-attempts': 'Too many failed sign-ins from this source or for this address; wait a minute.',
} as const;
export type SignInError = keyof typeof SIGN_IN_ERRORS;

/** What a page from an origin that is not allowed gets (REST 403 body `error`, socket.io handshake refusal). */
export const ORIGIN_NOT_ALLOWED = 'origin-not-allowed';

/** What is recorded, by kind. */
export const SECURITY_EVENT_KINDS = [
  /** rule 1: a sender domain that is not the link's provider's */
  'spoofed-sender-domain',
  /** a provider sent a request to another provider's user: the edge does not relay */
  'cross-provider-relay',
  /** a missing or wrong admin token or link token, on a REST route or a socket.io namespace */
  'wrong-token',
  /** a person's sign-in with a wrong password or an unknown address */
  'failed-sign-in',
  /** sign-ins refused because of too many failures */
  'sign-in-rate-limited',
  /** a federation peer that did not prove it holds the link secret */
  'link-auth-failed',
  /** a browser page from an origin that is not allowed */
  'origin-refused',
  /** input off the contract: malformed payloads, values that throw, oversize bodies */
  'malformed-input',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/**
 * One security event. Repeats of the same kind, from the same source, at the same place and about the same
 * subject within one minute are one event whose `count` grows (a flood is one row a minute, not a million).
 */
export const SecurityEventSchema = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    kind: Type.Union(SECURITY_EVENT_KINDS.map((k) => Type.Literal(k))),
    /** The server that saw it: `edge`, `home`, or a provider id. */
    node: Type.String({ maxLength: 64 }),
    /** Where it came from: the peer's IP address, or `link:<provider>` for what a federation link carried. */
    source: Type.String({ maxLength: 300 }),
    /** Where it arrived: a namespace (`/internal`), a route (`GET /api/state`), `sign-in`, `federation`. */
    where: Type.String({ maxLength: 300 }),
    /** Whom it was about, when someone: the address signing in, the sender of a request. */
    subject: Type.Optional(Type.String({ maxLength: 300 })),
    /** The first request of the group, when a request caused it. */
    requestId: Type.Optional(Type.String({ maxLength: 64 })),
    detail: Type.String({ maxLength: 1000 }),
    /** First and last time in the group, ms since the epoch. */
    at: Type.Number(),
    lastAt: Type.Number(),
    count: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type SecurityEvent = Static<typeof SecurityEventSchema>;

/**
 * The federation link handshake (`/federation`), a challenge–response standing in for mutual TLS. Each side
 * proves it holds the provider entry's link secret without sending it: an HMAC-SHA256 over a label, the edge's
 * FQDN, the provider's address (FQDN and port) and both nonces. The provider proves first; the edge proves only to a provider that did.
 */
export const NONCE_PATTERN = '^[A-Za-z0-9_-]{22,64}$';
export const ProofSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'HMAC-SHA256, base64url' });

export const EdgeHelloSchema = Type.Object(
  {
    domains: Type.Array(Type.String({ maxLength: 253 }), { maxItems: 32 }),
    fqdn: Type.String({ minLength: 1, maxLength: 253 }),
    expectedFqdn: Type.String({ minLength: 1, maxLength: 253 }),
    expectedPort: Type.Integer({ minimum: 1, maximum: 65535 }),
    nonce: Type.String({ pattern: NONCE_PATTERN }),
  },
  { additionalProperties: false },
);

/** The edge's proof, sent once the provider proved itself. */
export const EdgeProofSchema = Type.Object({ proof: ProofSchema }, { additionalProperties: false });
export type EdgeProof = Static<typeof EdgeProofSchema>;

/** Link secrets: long enough to resist guessing; printable so they travel in env variables and JSON. */
export const LINK_SECRET_PATTERN = '^[A-Za-z0-9_+/=-]{16,256}$';
export const PASSWORD_MAX_LENGTH = 256;
