import { Type, type Static } from '@sinclair/typebox';
import type { Answer, HopDecision } from './answer.ts';
import type { FedRequest } from './envelope.ts';
import { AddressSchema, EnablementSchema } from './envelope.ts';
import type { DialogsEnd, DialogsEnded } from './teardown.ts';

/**
 * home ↔ edge, namespace `/internal`: the home server dials the edge and authenticates with the internal
 * link token. Requests go both ways; each is answered through its ack, exactly once.
 */
export interface InternalLinkEvents {
  request: (request: FedRequest, ack: (answer: Answer) => void) => void;
  /** edge → home: the home server's hop decisions for a request id (for the admin trace view). */
  'trace:get': (requestId: string, ack: (decisions: HopDecision[]) => void) => void;
  /** home → edge: an admin changed these users' enablement; the edge audits it and tells every admin page. */
  'users:changed': (notice: UsersChanged) => void;
  /** edge → home: a change cut a path; end the home server's side of every dialog in the scope. */
  'dialogs:end': (notice: DialogsEnd, ack: (result: DialogsEnded) => void) => void;
  /** home → edge: an admin deleted a user; the edge audits it with the number of dialogs the deletion ended. */
  'user:deleted': (notice: UserDeleted) => void;
  /** home → edge: a user signed in or out; the edge tells every admin page (the Users tab's "Signed in"). */
  'users:online': (notice: UserOnline) => void;
}

export const UserDeletedSchema = Type.Object(
  {
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

/** What a provider says of itself when the edge opens the federation link (a stand-in for its TLS certificate). */
export const ProviderHelloSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  fqdn: Type.String({ minLength: 1, maxLength: 253 }),
  domains: Type.Array(Type.String(), { maxItems: 32 }),
});
export type ProviderHello = Static<typeof ProviderHelloSchema>;

export interface EdgeHello {
  /** The organization's SIP domains. */
  domains: string[];
  /** The edge's own FQDN. */
  fqdn: string;
  /** The FQDN the edge dialed: the provider must be that FQDN, as a TLS client checks a certificate. */
  expectedFqdn: string;
}

/**
 * edge ↔ provider, namespace `/federation` on the provider's Access Edge address: the edge dials every
 * provider in its list at the configured network address. Requests go both ways over that one link.
 */
export interface FederationLinkEvents {
  hello: (hello: EdgeHello, ack: (answer: ProviderHello | { error: string }) => void) => void;
  request: (request: FedRequest, ack: (answer: Answer) => void) => void;
  /** edge → provider: a change cut a path; end the provider's side of every dialog in the scope. */
  'dialogs:end': (notice: DialogsEnd, ack: (result: DialogsEnded) => void) => void;
}
