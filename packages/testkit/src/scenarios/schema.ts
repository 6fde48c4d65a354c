import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  ADDRESS_REGEX_SOURCE, DOMAIN_PATTERN, FILTERING_OPTIONS, FQDN_PATTERN, HOPS, PRESENCE_STATES, PROVIDER_ID_PATTERN, PUBLIC_REASONS, REASONS,
  STATUS_CODES, SUBSCRIPTION_SETTINGS,
} from '@fedlab/protocol';
import { RULES } from '@fedlab/policy';

/**
 * The scenario file format. This module is the one source of the format: the TypeScript types the runner uses
 * and `packages/testkit/scenario.schema.json` (what editors complete with) are both derived from it; a test keeps
 * the JSON file equal to `scenarioJsonSchema()`.
 */

const strings = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** A user of the scenario, by the name it is declared under in `topology.users`. */
const ALIAS_PATTERN = '^[a-z][a-z0-9_-]{0,23}$';
export const ALIAS_REGEX = new RegExp(ALIAS_PATTERN);
const Alias = Type.String({ pattern: ALIAS_PATTERN, description: 'a user declared in topology.users, e.g. alice' });
const Aliases = Type.Union([Alias, Type.Array(Alias, { minItems: 1 })], { description: 'one user, or a list of users' });
/** An alias, or a literal address (a person nobody declared, e.g. nobody@hotmail.test). */
const Target = Type.String({
  pattern: `(${ALIAS_PATTERN})|(${ADDRESS_REGEX_SOURCE})`,
  description: 'a user declared in topology.users, or a literal address such as nobody@hotmail.test',
});
const Targets = Type.Union([Target, Type.Array(Target, { minItems: 1 })]);

/** Rule ids that are not rules of POLICY.md but name what a server did: a link, a delivery, a session check. */
export const PLUMBING_RULES = ['link', 'deliver', 'session', 'subscription', 'contract', 'routing', 'limits', 'teardown'] as const;
export const RULE_IDS = [...Object.keys(RULES), ...PLUMBING_RULES] as string[];
export const ALL_REASONS = [...new Set([...Object.keys(REASONS), ...Object.keys(PUBLIC_REASONS)])];

/** Shared parts are written once, under `definitions`, and referred to: the JSON file stays readable. */
const DEFINITIONS: Record<string, TSchema> = {};
function define<T extends TSchema>(name: string, schema: T): ReturnType<typeof Type.Unsafe<Static<T>>> {
  DEFINITIONS[name] = schema;
  return Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });
}

const Code = define('code', Type.Unsafe<number>({ type: 'integer', enum: Object.keys(STATUS_CODES).map(Number), description: 'the SIP-style status code of the answer' }));
const Reason = define('reason', strings(ALL_REASONS, 'the diagnostic reason: the public form for an outside sender (forbidden, temporarily-unavailable, …), the full one for an internal sender'));
const Hop = define('hop', strings(HOPS, 'the hop named by the answer (from outside, anything decided inside the organization is the edge)'));
const Rule = define('rule', strings(RULE_IDS, 'a rule id of POLICY.md as the trace names it, e.g. inbound.3-provider-allowed'));
const LinkName = Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'a link of the edge: a provider id (msn, yahoo, aol, fabrikam, …) or home' });
const ProviderId = Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'a provider id of the topology: msn, yahoo, aol, fabrikam, …' });
const Filtering = strings(FILTERING_OPTIONS, 'filtering of incoming communications: contacts-only, verified-only (the default) or allow-all');
const SubscriptionSetting = strings(SUBSCRIPTION_SETTINGS, 'what a verified subscription from someone on neither list does: allow, block or prompt');

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
    description: "The admin trace of the request (GET /api/traces/:id). hop/rule/reason/node/code match the deciding decision: the first hop decision that is not 'forwarded' (when every hop forwarded, the last one).",
  },
);
const TraceExpectation = define('trace', TraceExpectationSchema);

const ExpectSchema = Type.Object(
  {
    code: Type.Optional(Code),
    reason: Type.Optional(Reason),
    hop: Type.Optional(Hop),
    endsDialog: Type.Optional(Type.Boolean({ description: 'the answer ends the IM session or subscription it travelled in' })),
    delivered: Type.Optional(Type.Boolean({
      description: 'invite: the recipient\'s client opened the session; send: the recipient got the message. false is proved with a sentinel: the runner sends a sentinel after it, waits for the sentinel, then checks the first never came.',
    })),
    withinMs: Type.Optional(Type.Integer({ minimum: 1, description: 'the answer came within this many milliseconds' })),
    atLeastMs: Type.Optional(Type.Integer({ minimum: 0, description: 'the answer took at least this many milliseconds (latency faults)' })),
    trace: Type.Optional(TraceExpectation),
  },
  { additionalProperties: false, minProperties: 1, description: 'What the answer to this request must say. Anything left out is not checked.' },
);
const Expect = define('expect', ExpectSchema);

const stepName = Type.Optional(Type.String({ minLength: 1, description: 'what this step shows, printed in progress and failures' }));
const FromTo = Type.Object({ from: Alias, to: Target }, { additionalProperties: false });

interface StepDoc {
  /** The action key of the step. */
  action: string;
  body: TSchema;
  description: string;
  /** The step sends a request whose answer `expect` checks. */
  request?: boolean;
  /** The step changes what every user of the topology sees (provider list, global switch, links): it runs alone. */
  global?: boolean;
}

const NewProviderFields = {
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

export const STEPS: readonly StepDoc[] = [
  { action: 'signIn', body: Aliases, description: 'Signs users in (a bot each), on the home server or their provider.' },
  { action: 'signOut', body: Aliases, description: 'Signs users out: they are offline until signed in again.' },
  {
    action: 'setPresence',
    body: Type.Object({ user: Alias, state: strings(PRESENCE_STATES, 'the presence state'), note: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }),
    description: "Sets a user's own presence.",
  },
  { action: 'subscribe', body: FromTo, request: true, description: "Subscribes `from` to the presence of `to` (without touching `from`'s lists)." },
  { action: 'addContact', body: FromTo, request: true, description: "Puts `to` on `from`'s contact (Allow) list, then subscribes to `to`'s presence; expect checks the subscription's answer." },
  { action: 'unsubscribe', body: FromTo, request: true, description: 'Ends the presence subscription of `from` to `to`.' },
  {
    action: 'answerPrompt',
    body: Type.Object({ user: Alias, from: Target, decision: strings(['allow', 'block'], 'Allow or Block, as the prompt offers') }, { additionalProperties: false }),
    description: "Waits until `user` is shown a prompt for `from`'s subscription, then answers it.",
  },
  { action: 'invite', body: FromTo, request: true, description: 'Opens an IM session from `from` to `to`.' },
  {
    action: 'send',
    body: Type.Object({ from: Alias, to: Target, text: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) }, { additionalProperties: false }),
    request: true,
    description: 'Sends a message in the IM session between `from` and `to` (opened by an earlier invite, by either of them). Without text, a unique one is made up.',
  },
  { action: 'end', body: FromTo, request: true, description: 'Ends the IM session between `from` and `to`.' },
  {
    action: 'changeList',
    body: Type.Object(
      { user: Alias, list: strings(['allow', 'block'], 'the Allow (contact) list or the Block list'), add: Type.Optional(Targets), remove: Type.Optional(Targets) },
      { additionalProperties: false },
    ),
    description: "Adds people to, or removes them from, a user's Allow or Block list (a provider user's own contacts or Block list for a provider user).",
  },
  {
    action: 'setSettings',
    body: Type.Object(
      { user: Alias, subscriptionSetting: Type.Optional(SubscriptionSetting), blockImFromNonAllowList: Type.Optional(Type.Boolean()) },
      { additionalProperties: false, minProperties: 2 },
    ),
    description: "Changes an internal user's own settings, as the user would in the client.",
  },
  {
    action: 'setEnablement',
    body: Type.Object({ user: Alias, federation: Type.Optional(Type.Boolean()), publicIm: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 2 }),
    description: "An admin changes an internal user's enablement for federation and for public IM connectivity.",
  },
  {
    action: 'setProvider',
    body: Type.Object({ id: ProviderId, ...NewProviderFields }, { additionalProperties: false, minProperties: 2 }),
    global: true,
    description: "An admin changes settings of a provider's entry in the edge's IM provider list.",
  },
  { action: 'blockProvider', body: ProviderId, global: true, description: 'An admin clears "Allow this IM service provider": a temporary block that keeps every setting.' },
  { action: 'allowProvider', body: ProviderId, global: true, description: 'An admin sets "Allow this IM service provider" again.' },
  { action: 'removeProvider', body: ProviderId, global: true, description: "An admin removes the provider's entry, with all its settings." },
  {
    action: 'addProvider',
    body: Type.Object({ id: ProviderId, ...NewProviderFields }, { additionalProperties: false }),
    global: true,
    description: "An admin adds a provider to the list. Every setting left out is entered as the topology file has it (its address, name, domains and kind; allowed and filtering of the topology's edge entry, else allowed and verified-only).",
  },
  { action: 'setFederation', body: Type.Boolean({ description: 'the global switch: federation and public IM connectivity' }), global: true, description: 'An admin flips the global switch.' },
  {
    action: 'fault',
    body: Type.Object(
      {
        link: LinkName,
        latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
        jitterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
        bandwidthBps: Type.Optional(Type.Integer({ minimum: 1, description: 'bytes per second' })),
        down: Type.Optional(Type.Boolean({ description: 'nothing passes and the link reports down' })),
        unresponsive: Type.Optional(Type.Boolean({ description: 'the peer receives but never answers' })),
      },
      { additionalProperties: false, minProperties: 2 },
    ),
    global: true,
    description: 'Injects a fault on a link of the edge (it replaces any fault already there).',
  },
  { action: 'clearFault', body: LinkName, global: true, description: 'Clears the fault on a link.' },
  { action: 'resetLink', body: LinkName, global: true, description: 'Resets the connection of a provider link; it reconnects by itself.' },
  {
    action: 'linkState',
    body: Type.Object({ link: LinkName, state: strings(['connected', 'connecting', 'unreachable', 'fqdn-mismatch'], 'the state the edge reports') }, { additionalProperties: false }),
    description: "Waits until the edge reports the link in that state (e.g. connected again after a fault is cleared).",
  },
  {
    action: 'seesPresence',
    body: Type.Object({ user: Alias, of: Target, state: strings(PRESENCE_STATES, 'the state user sees'), note: Type.Optional(Type.String()) }, { additionalProperties: false }),
    description: 'Waits until `user` sees `of` in that presence state (offline also when user sees nothing of `of`).',
  },
  {
    action: 'promptShown',
    body: Type.Object({ user: Alias, from: Target, shown: Type.Optional(Type.Boolean({ description: 'false: proves with a sentinel that no prompt came', default: true })) }, { additionalProperties: false }),
    description: "Waits until `user` is shown a prompt for `from`'s subscription (shown: false proves it never is).",
  },
  {
    action: 'receives',
    body: Type.Object({ user: Alias, from: Target, text: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    description: 'Waits until `user` has received that message from `from`.',
  },
  {
    action: 'sessionEnded',
    body: Type.Object({ user: Alias, with: Target }, { additionalProperties: false }),
    description: "Waits until `user`'s IM session with `with` is ended on `user`'s side.",
  },
];

export const STEP_BY_ACTION = new Map(STEPS.map((s) => [s.action, s]));

function stepSchema(doc: StepDoc): TSchema {
  return Type.Object(
    { [doc.action]: doc.body, name: stepName, ...(doc.request ? { expect: Type.Optional(Expect) } : {}) },
    { additionalProperties: false, description: doc.description },
  );
}
export const STEP_SCHEMAS = new Map(STEPS.map((s) => [s.action, stepSchema(s)]));
const Step = Type.Unsafe<{ [action: string]: unknown; name?: string; expect?: Static<typeof ExpectSchema> }>({
  anyOf: STEPS.map((s) => define(`step.${s.action}`, STEP_SCHEMAS.get(s.action)!)),
});

const Enablement = Type.Object(
  {
    federation: Type.Optional(Type.Boolean({ default: true })),
    publicIm: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false, description: 'enabled for federation / for public IM connectivity (each true unless said otherwise)' },
);
const Contacts = Type.Array(Target, { description: 'users of the scenario or literal addresses' });

export const InternalUserSchema = Type.Object(
  {
    at: Type.Literal('home', { description: 'an internal user of the organization' }),
    exists: Type.Optional(Type.Boolean({ default: true, description: 'false: a fresh address that is never created (an unknown user)' })),
    domain: Type.Optional(Type.String({ pattern: DOMAIN_PATTERN, description: "one of the organization's domains (the first by default)" })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    enablement: Type.Optional(Enablement),
    subscriptionSetting: Type.Optional(SubscriptionSetting),
    blockImFromNonAllowList: Type.Optional(Type.Boolean({ default: false })),
    allow: Type.Optional(Contacts),
    block: Type.Optional(Contacts),
  },
  { additionalProperties: false },
);
export const ProviderUserSchema = Type.Object(
  {
    at: Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'the provider the user belongs to: msn, yahoo, aol, fabrikam, …' }),
    exists: Type.Optional(Type.Boolean({ default: true, description: 'false: a fresh address that is never created (an unknown user)' })),
    domain: Type.Optional(Type.String({ pattern: DOMAIN_PATTERN, description: "one of the provider's domains (the first by default)" })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    verified: Type.Optional(Type.Boolean({ default: true, description: 'what the provider asserts for this user' })),
    contacts: Type.Optional(Contacts),
    block: Type.Optional(Contacts),
  },
  { additionalProperties: false },
);
export const ExistingUserSchema = Type.Object(
  { address: Type.String({ pattern: ADDRESS_REGEX_SOURCE, description: 'an existing user of the topology, used as it is; scenarios that use one never run at the same time' }) },
  { additionalProperties: false },
);
const User = Type.Unsafe<Static<typeof InternalUserSchema> | Static<typeof ProviderUserSchema> | Static<typeof ExistingUserSchema>>({
  anyOf: [define('user.internal', InternalUserSchema), define('user.provider', ProviderUserSchema), define('user.existing', ExistingUserSchema)],
  description: 'A fresh user made for this run of the scenario (at: home or a provider id), or an existing one (address).',
});

export const ProviderOverrideSchema = Type.Object(
  { listed: Type.Optional(Type.Boolean({ description: 'false: not in the IM provider list at all' })), ...NewProviderFields },
  { additionalProperties: false, minProperties: 1 },
);

export const TopologySchema = Type.Object(
  {
    file: Type.Optional(Type.String({ minLength: 1, description: 'a topology file, relative to the scenario; the default topology when absent. In-process runs only.' })),
    federation: Type.Optional(Type.Boolean({ description: 'the global switch at the start (the topology says on)' })),
    providers: Type.Optional(Type.Record(Type.String({ pattern: PROVIDER_ID_PATTERN }), define('providerOverride', ProviderOverrideSchema), {
      description: "the IM provider list of the edge at the start: changes to the topology's entries, by provider id",
    })),
    users: Type.Optional(Type.Record(Type.String({ pattern: ALIAS_PATTERN }), User, { description: 'the people of the scenario, by the name the steps use' })),
  },
  { additionalProperties: false },
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'what the scenario shows, in one sentence' }),
    description: Type.Optional(Type.String()),
    policy: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'the rules of POLICY.md it covers, e.g. "inbound 3"' })),
    knownIssue: Type.Optional(Type.String({
      minLength: 1,
      description: 'The system does not behave as POLICY.md says yet (say where): a failure is reported as a known issue, not a failure; a pass is reported with a reminder to remove the mark.',
    })),
    topology: Type.Optional(TopologySchema),
    steps: Type.Array(Step, { minItems: 1, description: 'run in order; the first step that fails ends the scenario' }),
  },
  { additionalProperties: false },
);

export type ScenarioDoc = Static<typeof ScenarioSchema>;
export type TopologyDoc = Static<typeof TopologySchema>;
export type UserDoc = Static<typeof User>;
export type InternalUserDoc = Static<typeof InternalUserSchema>;
export type ProviderUserDoc = Static<typeof ProviderUserSchema>;
export type ProviderOverride = Static<typeof ProviderOverrideSchema>;
export type ExpectDoc = Static<typeof ExpectSchema>;
export type NewProviderDoc = { id: string } & Partial<Omit<ProviderOverride, 'listed'>>;

export const SCHEMA_ID = 'https://fedlab.test/scenario.schema.json';

/** The JSON schema of scenario files, as written to packages/testkit/scenario.schema.json. */
export function scenarioJsonSchema(): Record<string, unknown> & { definitions: Record<string, unknown> } {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'fedlab scenario',
    description: 'A fedlab scenario: a topology (the default one with overrides), then steps with expectations. See docs/scenarios.md.',
    ...JSON.parse(JSON.stringify(ScenarioSchema)),
    definitions: JSON.parse(JSON.stringify(DEFINITIONS)),
  };
}
