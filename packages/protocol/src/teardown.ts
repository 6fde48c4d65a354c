import { Type, type Static } from '@sinclair/typebox';
import { domainOf, type Address } from './address.ts';
import { AddressSchema, IdSchema } from './envelope.ts';

/**
 * POLICY.md rule 8, Decision: a change that cuts a path ends every IM session and presence subscription that
 * crosses it, at once and on both sides. These are the changes, by kind; each teardown names its change in the
 * trace, and the change's audit entry says how many dialogs it ended.
 */
export const CUTTING_CHANGES = [
  /** An admin cleared a provider's "Allow" box (temporary block). target: the provider id. */
  'provider-blocked',
  /** An admin removed a provider from the list. target: the provider id. */
  'provider-removed',
  /** An admin turned the global switch off. target: `organization`. */
  'federation-disabled',
  /** An admin turned a user's federation or public IM connectivity off. target: the user; detail: `federation` or `public-im`. */
  'user-disabled',
  /** An admin deleted a user created at run time. target: the user. */
  'user-deleted',
  /** A person put someone on the Block list (or answered a prompt Block). target: the person; detail: whom. */
  'block-list',
  /** An IM session saw no message for the idle time (FEDLAB_SESSION_IDLE_MS). target: the session id. */
  'idle',
] as const;
export type CuttingChangeKind = (typeof CUTTING_CHANGES)[number];

export const CuttingChangeSchema = Type.Object(
  {
    kind: Type.Union(CUTTING_CHANGES.map((k) => Type.Literal(k))),
    target: Type.String({ minLength: 1, maxLength: 254 }),
    detail: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type CuttingChange = Static<typeof CuttingChangeSchema>;

const Domains = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 256 });

/**
 * Which dialogs a change cuts: those between someone inside (the organization's domains, or one user of it) and
 * someone outside (any other domain, or only these domains, or all but these, or one person).
 */
export const DialogScopeSchema = Type.Object(
  {
    inside: Type.Object({ domains: Domains, user: Type.Optional(AddressSchema) }, { additionalProperties: false }),
    outside: Type.Object(
      { domains: Type.Optional(Domains), exceptDomains: Type.Optional(Domains), user: Type.Optional(AddressSchema) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type DialogScope = Static<typeof DialogScopeSchema>;

/** edge → home server and providers: end your side of every dialog in the scope, because of the change. */
export const DialogsEndSchema = Type.Object({ change: CuttingChangeSchema, scope: DialogScopeSchema }, { additionalProperties: false });
export type DialogsEnd = Static<typeof DialogsEndSchema>;

/** One dialog a server ended on its side, and the notice its own user's client was given (if one was). */
export const EndedDialogSchema = Type.Object(
  {
    dialog: Type.Union([Type.Literal('session'), Type.Literal('subscription')]),
    /** session: the two people; subscription: the watcher, then the person watched. */
    between: Type.Tuple([AddressSchema, AddressSchema]),
    sessionId: Type.Optional(IdSchema),
    /** The request id of the notice (a `bye`, or a final `notify`) the server's own user was given; its trace names the change. */
    noticeId: Type.Optional(IdSchema),
  },
  { additionalProperties: false },
);
export type EndedDialog = Static<typeof EndedDialogSchema>;

export const DialogsEndedSchema = Type.Object({ ended: Type.Array(EndedDialogSchema, { maxItems: 100_000 }) }, { additionalProperties: false });
export type DialogsEnded = Static<typeof DialogsEndedSchema>;

/** Whether a dialog between `a` and `b` crosses the cut the scope describes. */
export function scopeCuts(scope: DialogScope, a: Address, b: Address): boolean {
  return (isInside(scope, a) && isOutside(scope, b)) || (isInside(scope, b) && isOutside(scope, a));
}

function isInside(scope: DialogScope, address: Address): boolean {
  return scope.inside.domains.includes(domainOf(address)) && (!scope.inside.user || scope.inside.user === address);
}

function isOutside(scope: DialogScope, address: Address): boolean {
  const domain = domainOf(address);
  const { domains, exceptDomains, user } = scope.outside;
  return !scope.inside.domains.includes(domain) && (!domains || domains.includes(domain)) && !exceptDomains?.includes(domain) && (!user || user === address);
}

/** The key under which both sides' reports of one dialog count once. */
export function dialogKey(dialog: EndedDialog): string {
  return dialog.dialog === 'session' ? `session ${dialog.sessionId ?? [...dialog.between].sort().join(' ')}` : `subscription ${dialog.between.join(' ')}`;
}
