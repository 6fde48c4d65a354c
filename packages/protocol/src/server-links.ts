import { Type, type Static } from '@sinclair/typebox';
import type { Answer, HopDecision } from './answer.ts';
import type { FedRequest } from './envelope.ts';
import { AddressSchema, EnablementSchema } from './envelope.ts';
import type { EdgeProof, SecurityEvent } from './security.ts';
import { NONCE_PATTERN, ProofSchema } from './security.ts';
import type { DialogsEnd, DialogsEnded } from './teardown.ts';

/**
 * home ↔ edge, namespace `/internal`: the home server dials the edge and authenticates with the internal
 * link token. Requests go both ways; each is answered through its ack, exactly once.
 */
export interface InternalLinkEvents {
  request: (request: FedRequest, ack: (answer: Answer) => void) => void;
  /** edge → home: the home server's hop decisions for a request id (for the admin trace view). */
  'trace:get': (requestId: string, ack: (decisions: HopDecision[]) => void) => void;
  /**
   * home → edge: an admin changed these users' enablement; the edge audits it and tells every admin page. Kept
   * in the home server's outbox until the edge acks, so changes made while the link is down arrive when it returns.
   */
  'users:changed': (notice: UsersChanged, ack: (result: { ok: boolean }) => void) => void;
  /** home → edge: security events the home server recorded (new ones, or a grown count), by id. */
  'security:events': (events: SecurityEvent[], ack: (result: { ok: boolean }) => void) => void;
  /** edge → home: a change cut a path; end the home server's side of every dialog in the scope. */
  'dialogs:end': (notice: DialogsEnd, ack: (result: DialogsEnded) => void) => void;
  /**
   * home → edge: an admin deleted a user; the edge audits it with the number of dialogs the deletion ended. Kept in
   * the home server's outbox with `users:changed`, in order, until the edge acks.
   */
  'user:deleted': (notice: UserDeleted, ack: (result: { ok: boolean }) => void) => void;
  /** home → edge: a user signed in or out; the edge tells every admin page (the Users tab's "Signed in"). */
  'users:online': (notice: UserOnline) => void;
}

/**
 * What the home server's outbox adds to an admin change it reports (`users:changed`, `user:deleted`): the edge
 * audits each notice once, however often it arrives (a lost acknowledgement, a link that came back).
 */
const OUTBOX_STAMP = {
  /** The outbox id. */
  id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{4,64}$' })),
  /** When the admin made the change (it may reach the edge later). */
  at: Type.Optional(Type.Number()),
};

export const UserDeletedSchema = Type.Object(
  {
    ...OUTBOX_STAMP,
    address: AddressSchema,
    dialogsEnded: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    /** Who deleted the user (the admin call's `X-Fedlab-Actor`), for the audit log. */
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type UserDeleted = Static<typeof UserDeletedSchema>;

export const UserOnlineSchema = Type.Object({ address: AddressSchema, online: Type.Boolean() }, { additionalProperties: false });
export type UserOnline = Static<typeof UserOnlineSchema>;

export const UsersChangedSchema = Type.Object(
  {
    ...OUTBOX_STAMP,
    changes: Type.Array(
      Type.Object({ address: AddressSchema, before: EnablementSchema, after: EnablementSchema }, { additionalProperties: false }),
      { minItems: 1, maxItems: 1000 },
    ),
    /** Who made the change (see `ADMIN_ACTOR_HEADER`). */
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type UsersChanged = Static<typeof UsersChangedSchema>;

/**
 * What a provider says of itself when the edge opens the federation link, with its proof that it holds the
 * link secret (a stand-in for its TLS certificate): see `security.ts` and docs/protocol.md.
 */
export const ProviderHelloSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  fqdn: Type.String({ minLength: 1, maxLength: 253 }),
  domains: Type.Array(Type.String(), { maxItems: 32 }),
  nonce: Type.String({ pattern: NONCE_PATTERN }),
  proof: ProofSchema,
});
export type ProviderHello = Static<typeof ProviderHelloSchema>;

export interface EdgeHello {
  /** The organization's SIP domains. */
  domains: string[];
  /** The edge's own FQDN. */
  fqdn: string;
  /** The FQDN the edge dialed: the provider must be that FQDN, as a TLS client checks a certificate. */
  expectedFqdn: string;
  /** The port the edge dialed. */
  expectedPort: number;
  /** The edge's fresh challenge. */
  nonce: string;
}

/**
 * edge ↔ provider, namespace `/federation` on the provider's Access Edge address: the edge dials every
 * provider in its list at the configured network address. Requests go both ways over that one link.
 */
export interface FederationLinkEvents {
  hello: (hello: EdgeHello, ack: (answer: ProviderHello | { error: string }) => void) => void;
  /** edge → provider, after the provider's hello proved it: the edge's own proof; the link is up on `{ ok: true }`. */
  prove: (proof: EdgeProof, ack: (answer: { ok: true } | { error: string }) => void) => void;
  request: (request: FedRequest, ack: (answer: Answer) => void) => void;
  /** edge → provider: a change cut a path; end the provider's side of every dialog in the scope. */
  'dialogs:end': (notice: DialogsEnd, ack: (result: DialogsEnded) => void) => void;
}
