import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  ADDRESS_REGEX_SOURCE, DOMAIN_PATTERN, FILTERING_OPTIONS, FQDN_PATTERN, HOPS, PROVIDER_ID_PATTERN, PUBLIC_REASONS, REASONS, STATUS_CODES,
  SUBSCRIPTION_SETTINGS,
} from '@fedlab/protocol';
import { TRACE_RULES } from '@fedlab/policy';

/**
 * The parts of the scenario format that steps share (people, expectations, provider fields). The steps
 * (`steps/*.ts`) build their bodies from them; `schema.ts` puts the steps together into the whole format.
 */

export const strings = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** Shared parts are written once, under `definitions`, and referred to: the JSON file stays readable. */
export const DEFINITIONS: Record<string, TSchema> = {};
export function define<T extends TSchema>(name: string, schema: T): ReturnType<typeof Type.Unsafe<Static<T>>> {
  DEFINITIONS[name] = schema;
  return Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });
}

/** A user of the scenario, by the name it is declared under in `topology.users`. */
export const ALIAS_PATTERN = '^[a-z][a-z0-9_-]{0,23}$';
export const ALIAS_REGEX = new RegExp(ALIAS_PATTERN);
export const Alias = Type.String({ pattern: ALIAS_PATTERN, description: 'a user declared in topology.users, e.g. alice' });
export const Aliases = Type.Union([Alias, Type.Array(Alias, { minItems: 1 })], { description: 'one user, or a list of users' });
/** An alias, or a literal address (a person nobody declared, e.g. nobody@hotmail.test). */
export const Target = Type.String({
  pattern: `(${ALIAS_PATTERN})|(${ADDRESS_REGEX_SOURCE})`,
  description: 'a user declared in topology.users, or a literal address such as nobody@hotmail.test',
});
export const Targets = Type.Union([Target, Type.Array(Target, { minItems: 1 })]);
export const FromTo = Type.Object({ from: Alias, to: Target }, { additionalProperties: false });
/** A message from one person to another: its text, or a unique one made up. */
export const FromToText = Type.Object({ from: Alias, to: Target, text: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) }, { additionalProperties: false });

export const ALL_REASONS = [...new Set([...Object.keys(REASONS), ...Object.keys(PUBLIC_REASONS)])];

const Code = define('code', Type.Unsafe<number>({ type: 'integer', enum: Object.keys(STATUS_CODES).map(Number), description: 'the SIP-style status code of the answer' }));
const Reason = define('reason', strings(ALL_REASONS, 'the diagnostic reason: the public form for an outside sender (forbidden, temporarily-unavailable, …), the full one for an internal sender'));
const Hop = define('hop', strings(HOPS, 'the hop named by the answer (from outside, anything decided inside the organization is the edge)'));
const Rule = define('rule', strings(TRACE_RULES, 'a rule id of POLICY.md as the trace names it, e.g. inbound.3-provider-allowed'));
export const LinkName = Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'a link of the edge: a provider id (msn, yahoo, aol, fabrikam, …) or home' });
export const ProviderId = Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'a provider id of the topology: msn, yahoo, aol, fabrikam, …' });
const Filtering = strings(FILTERING_OPTIONS, 'filtering of incoming communications: contacts-only, verified-only (the default) or allow-all');
export const SubscriptionSetting = strings(SUBSCRIPTION_SETTINGS, 'what a verified subscription from someone on neither list does: allow, block or prompt');

const TraceExpectationSchema = Type.Object(
  {
    hop: Type.Optional(Hop),
    rule: Type.Optional(Rule),
    reason: Type.Optional(strings([...ALL_REASONS, 'forwarded'], 'the full reason the deciding hop recorded, e.g. provider-blocked')),
    node: Type.Optional(Type.String({ description: 'the server or client that decided: edge, home, msn, client:<address>' })),
    code: Type.Optional(Code),
    inputs: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
      description: 'inputs the deciding rule must have looked at, e.g. { verification: unverified } (others are not checked)',
    })),
    includes: Type.Optional(Type.Array(Rule, { minItems: 1, description: 'rules that must all appear in the trace, in any order' })),
  },
  {
    additionalProperties: false, minProperties: 1,
    description: 'The admin trace of the request (GET /api/traces/:id). hop/rule/reason/node/code match the deciding decision: the first hop decision that rejected the request; for a request that got through, the first that answered it; when every hop forwarded, the last one.',
  },
);
const TraceExpectation = define('trace', TraceExpectationSchema);

export const ExpectSchema = Type.Object(
  {
    code: Type.Optional(Code),
    reason: Type.Optional(Reason),
    hop: Type.Optional(Hop),
    endsDialog: Type.Optional(Type.Boolean({ description: 'the answer ends the IM session or subscription it travelled in' })),
    delivered: Type.Optional(Type.Boolean({
      description: 'invite: the recipient\'s client opened the session; send and write: the recipient got the message; typing: the recipient\'s client shows the sender typing. false is proved with a sentinel: the runner sends a sentinel after it, waits for the sentinel, then checks the first never came.',
    })),
    withinMs: Type.Optional(Type.Integer({ minimum: 1, description: 'the answer came within this many milliseconds' })),
    atLeastMs: Type.Optional(Type.Integer({ minimum: 0, description: 'the answer took at least this many milliseconds (latency faults)' })),
    trace: Type.Optional(TraceExpectation),
  },
  { additionalProperties: false, minProperties: 1, description: 'What the answer to this request must say. Anything left out is not checked.' },
);
export const Expect = define('expect', ExpectSchema);
export type ExpectDoc = Static<typeof ExpectSchema>;

export const NewProviderFields = {
  allowed: Type.Optional(Type.Boolean({ description: 'the "Allow this IM service provider" check box; false is a temporary block that keeps every setting' })),
  filtering: Type.Optional(Filtering),
  public: Type.Optional(Type.Boolean({ description: 'a public IM service provider (public IM connectivity) or a federated partner (federation)' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  domains: Type.Optional(Type.Array(Type.String({ pattern: DOMAIN_PATTERN }), { minItems: 1, description: 'the domains the edge attributes to this provider' })),
  address: Type.Optional(Type.Object(
    { fqdn: Type.Optional(Type.String({ pattern: FQDN_PATTERN })), port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })) },
    { additionalProperties: false, minProperties: 1, description: "the network address of the provider's Access Edge; a wrong one makes it unreachable" },
  )),
};
const NewProvider = Type.Object({ id: ProviderId, ...NewProviderFields }, { additionalProperties: false });
export type NewProviderDoc = Static<typeof NewProvider>;
