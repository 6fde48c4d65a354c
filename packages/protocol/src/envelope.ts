import { Type, type Static } from '@sinclair/typebox';
import { ADDRESS_REGEX_SOURCE } from './address.ts';
import { PRESENCE_STATES, MAX_NOTE_LENGTH } from './presence.ts';
import { HOPS } from './hops.ts';
import { STATUS_CODES } from './codes.ts';
import { VERIFICATION_LEVELS } from './settings.ts';

export const MAX_TEXT_LENGTH = 4000;

const literalUnion = <T extends readonly (string | number)[]>(values: T) =>
  Type.Union(values.map((value) => Type.Literal(value)) as never) as unknown as ReturnType<typeof Type.Unsafe<T[number]>>;

export const AddressSchema = Type.String({ pattern: ADDRESS_REGEX_SOURCE, maxLength: 254, description: 'user@domain, lower case' });
/** Request ids are nanoids: 21 URL-safe characters (shorter custom ids are allowed for scripted tests). */
export const IdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{4,64}$' });

export const PresenceSchema = Type.Object(
  { state: literalUnion(PRESENCE_STATES), note: Type.String({ maxLength: MAX_NOTE_LENGTH }) },
  { additionalProperties: false },
);

/**
 * The kinds of request. `subscribe`/`unsubscribe` open and close a presence subscription; `notify` carries a
 * presence update (or the end of a subscription) from the watched person to a watcher; `invite` opens an IM
 * session, `message` and `typing` travel inside it, `bye` ends it.
 */
export const REQUEST_KINDS = ['subscribe', 'unsubscribe', 'notify', 'invite', 'message', 'typing', 'bye'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
/** Kinds that open something and are decided by the full rules; the others travel inside an accepted dialog. */
export const OPENING_KINDS = ['subscribe', 'invite'] as const satisfies readonly RequestKind[];

export const SessionBodySchema = Type.Object({ sessionId: IdSchema }, { additionalProperties: false });
export const MessageBodySchema = Type.Object(
  { sessionId: IdSchema, text: Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH }) },
  { additionalProperties: false },
);
export const NotifyBodySchema = Type.Object(
  { presence: PresenceSchema, subscription: literalUnion(['active', 'terminated'] as const) },
  { additionalProperties: false },
);
export const EmptyBodySchema = Type.Object({}, { additionalProperties: false });

export const BODY_SCHEMAS = {
  subscribe: EmptyBodySchema,
  unsubscribe: EmptyBodySchema,
  notify: NotifyBodySchema,
  invite: SessionBodySchema,
  message: MessageBodySchema,
  typing: SessionBodySchema,
  bye: SessionBodySchema,
} as const;

/** Modelled on `ms-edge-proxy-message-trust`: written by the edge only, overwritten if anyone else wrote it. */
export const TrustStampSchema = Type.Object(
  {
    network: literalUnion(['federation', 'publiccloud'] as const),
    /** The IM provider entry's id, or a federated partner's domain (up to 256 characters). */
    provider: Type.String({ minLength: 1, maxLength: 256 }),
    fqdn: Type.String({ minLength: 1, maxLength: 253 }),
    verification: literalUnion(VERIFICATION_LEVELS),
  },
  { additionalProperties: false },
);

export const EnablementSchema = Type.Object(
  { federation: Type.Boolean(), publicIm: Type.Boolean() },
  { additionalProperties: false },
);

const requestFields = {
  id: IdSchema,
  from: AddressSchema,
  to: AddressSchema,
  /** The level the sender's provider asserts for its user; absent when the provider asserts nothing. */
  asserted: Type.Optional(literalUnion(VERIFICATION_LEVELS)),
  /** Set by the edge on inbound requests; anything else that wrote it is overwritten. */
  stamp: Type.Optional(TrustStampSchema),
  /** Set by the home server on outbound requests over its trusted link: the sender's enablement. */
  senderEnablement: Type.Optional(EnablementSchema),
  sentAt: Type.Number(),
};

const requestOf = <K extends RequestKind>(kind: K) =>
  Type.Object({ ...requestFields, kind: Type.Literal(kind), body: BODY_SCHEMAS[kind] }, { additionalProperties: false });

/** A request as it travels between servers. */
export const FedRequestSchema = Type.Union(REQUEST_KINDS.map(requestOf) as never) as unknown as ReturnType<
  typeof Type.Unsafe<{ [K in RequestKind]: Static<ReturnType<typeof requestOf<K>>> }[RequestKind]>
>;
export type FedRequest = Static<typeof FedRequestSchema>;
export type FedRequestOf<K extends RequestKind> = Extract<FedRequest, { kind: K }>;

/** What a client may send. `notify` is not among them: presence updates come from the server, from `presence:set`. */
export const CLIENT_REQUEST_KINDS = ['subscribe', 'unsubscribe', 'invite', 'message', 'typing', 'bye'] as const satisfies readonly RequestKind[];
export type ClientRequestKind = (typeof CLIENT_REQUEST_KINDS)[number];

/** A request as a client sends it: the server fills in `from`, `sentAt` and everything trust-related. */
export type ClientRequest = { [K in ClientRequestKind]: { id: string; kind: K; to: string; body: FedRequestOf<K>['body'] } }[ClientRequestKind];
export const ClientRequestSchema = Type.Union(
  CLIENT_REQUEST_KINDS.map((kind) =>
    Type.Object({ id: IdSchema, kind: Type.Literal(kind), to: AddressSchema, body: BODY_SCHEMAS[kind] }, { additionalProperties: false }),
  ) as never,
) as unknown as ReturnType<typeof Type.Unsafe<ClientRequest>>;

/** One hop's decision, kept for admins under the request id. */
export const HopDecisionSchema = Type.Object({
  hop: literalUnion(HOPS),
  /** Which server or client: `edge`, `home`, `msn`, `client:alice@contoso.test`. */
  node: Type.String({ maxLength: 300 }),
  rule: Type.String({ maxLength: 64 }),
  /** Bounded where answers enter (`parseAnswer`): at most 4 levels and 4 KB. */
  inputs: Type.Record(Type.String(), Type.Unknown()),
  code: literalUnion(Object.keys(STATUS_CODES).map(Number) as unknown as readonly number[]),
  reason: Type.String({ maxLength: 64 }),
  explanation: Type.String({ maxLength: 2000 }),
  at: Type.Number(),
});

export const DiagnosticSchema = Type.Object({
  id: Type.Integer(),
  reason: Type.String({ maxLength: 64 }),
  sentence: Type.String({ maxLength: 2000 }),
  hop: literalUnion(HOPS),
});

export const AnswerSchema = Type.Object({
  requestId: Type.String({ maxLength: 64 }),
  code: literalUnion(Object.keys(STATUS_CODES).map(Number) as unknown as readonly number[]),
  diagnostic: DiagnosticSchema,
  /** True when this is the public form: what the outside may learn. */
  public: Type.Boolean(),
  /** True when the answer also ends the IM session or subscription the request travelled in. */
  endsDialog: Type.Optional(Type.Boolean()),
  /** On an accepted subscription: the presence of the person subscribed to. */
  presence: Type.Optional(PresenceSchema),
  /** Every hop's decision, newest last. Only inside the organization; never crosses the edge. */
  trail: Type.Optional(Type.Array(HopDecisionSchema)),
});
