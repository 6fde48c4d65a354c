import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PRESENCE_STATES, PROVIDER_ID_PATTERN, SUBSCRIPTION_SETTINGS } from '@fedlab/protocol';
import { ProviderOverrideSchema } from '../scenarios/schema.ts';
import { STEP_BY_ACTION } from '../scenarios/steps/index.ts';

/**
 * The load profile format (docs/load.md). This module is its one source: the types the generator uses and
 * `packages/testkit/load-profile.schema.json` (what editors complete with) are both derived from it; a test keeps
 * the JSON file equal to `loadProfileJsonSchema()`.
 */

export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(ms|s|min|m|h))+$';
export const RATE_PATTERN = '^\\d+(\\.\\d+)?/(s|min|h)$';
export const PERCENT_PATTERN = '^\\d+(\\.\\d+)?%$';
/** A population's name, used in talksTo, name patterns and the report. */
export const POPULATION_PATTERN = '^[a-z][a-z0-9-]{0,23}$';
/** A user name pattern: `{n}` is the user's number, `{run}` the run's tag; the rest are address characters. */
export const NAME_PATTERN = '^[a-z0-9._{}+-]*\\{n\\}[a-z0-9._{}+-]*$';

const Duration = Type.String({ pattern: DURATION_PATTERN, description: 'a duration: 500ms, 30s, 10m (or 10min), 2h, 2m30s' });
const Rate = Type.String({ pattern: RATE_PATTERN, description: 'how often, per user: 6/h, 2/min, 0.5/s' });
const Share = Type.Union([Type.String({ pattern: PERCENT_PATTERN }), Type.Boolean()], { description: 'a share of the users, e.g. 80%, or true (all) / false (none)' });
const Count = (description: string) => Type.Union([
  Type.Integer({ minimum: 0 }),
  Type.Object({ min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
], { description: `${description}: a number, or { min, max } for a uniform draw` });

const ImSchema = Type.Object(
  {
    sessions: Rate,
    messages: Type.Optional(Count('messages per session (default 5)')),
    messageRate: Type.Optional(Type.String({ pattern: RATE_PATTERN, description: 'the pace of messages inside a session (default 6/min)' })),
    size: Type.Optional(Count('characters per message (default 40); at most 4000')),
    typing: Type.Optional(Type.Boolean({ description: 'a typing notice before each message (default true)' })),
  },
  { additionalProperties: false, description: 'IM sessions: each user opens sessions at this rate with someone it talks to, sends messages at a pace, then says bye' },
);

export const BehaviourSchema = Type.Object(
  {
    churn: Type.Optional(Type.String({ pattern: RATE_PATTERN, description: 'how often each signed-in user signs out and back in (after offlineFor)' })),
    offlineFor: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'how long a user who signed out stays away (default 10s)' })),
    presence: Type.Optional(Type.String({ pattern: RATE_PATTERN, description: 'presence changes per user' })),
    presenceStates: Type.Optional(Type.Array(Type.Unsafe<string>({ type: 'string', enum: PRESENCE_STATES.filter((s) => s !== 'offline') }), {
      minItems: 1, description: 'the states a presence change picks from (default available, busy, away, be-right-back)',
    })),
    subscriptions: Type.Optional(Type.String({ pattern: RATE_PATTERN, description: 'each user subscribes to someone new at this rate (and drops its oldest such subscription)' })),
    im: Type.Optional(ImSchema),
  },
  { additionalProperties: false, description: 'What each user does, at rates per user; a population may override any of it' },
);

const TalksTo = Type.Record(Type.String({ pattern: POPULATION_PATTERN }), Type.Number({ exclusiveMinimum: 0 }), {
  description: 'whom these users invite and subscribe to: population name → weight (default: every population, weighted by size)',
});

const populationFields = {
  users: Type.Integer({ minimum: 1, maximum: 100_000, description: 'how many users' }),
  name: Type.Optional(Type.String({ pattern: NAME_PATTERN, maxLength: 60, description: 'the local part of each address: {n} is the number (1, 2, …), {run} the run tag. Default: <population>-{n}, with .{run} when added to a running fedlab' })),
  domain: Type.Optional(Type.String({ description: 'one of the domains of its server (the first by default)' })),
  contacts: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'contacts per user, drawn from talksTo: on the Allow list and subscribed to at each sign-in, as a chat client does (default 0)' })),
  talksTo: Type.Optional(TalksTo),
  online: Type.Optional(Type.String({ pattern: PERCENT_PATTERN, description: 'the share that signs in at all (default 100%)' })),
  behaviour: Type.Optional(BehaviourSchema),
};

export const InternalPopulationSchema = Type.Object(
  {
    at: Type.Literal('home', { description: 'internal users of the organization' }),
    ...populationFields,
    enablement: Type.Optional(Type.Object({ federation: Type.Optional(Share), publicIm: Type.Optional(Share) }, {
      additionalProperties: false, description: 'the share enabled for federation / public IM connectivity (each 100% unless said)',
    })),
    subscriptionSetting: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...SUBSCRIPTION_SETTINGS], description: 'what a verified subscription from someone on neither list does (default allow: prompts would wait for a person)' })),
    blockImFromNonAllowList: Type.Optional(Share),
  },
  { additionalProperties: false },
);

export const ProviderPopulationSchema = Type.Object(
  {
    at: Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'the provider: msn, yahoo, aol, fabrikam, …' }),
    ...populationFields,
    verified: Type.Optional(Type.Union([Type.String({ pattern: PERCENT_PATTERN }), Type.Boolean()], { description: 'the share the provider asserts as verified (default 100%)' })),
  },
  { additionalProperties: false },
);

/** Timeline actions: the admin steps of scenario files (same bodies), and `load`, a factor on every rate. */
export const TIMELINE_ACTIONS = ['fault', 'clearFault', 'resetLink', 'blockProvider', 'allowProvider', 'setProvider', 'removeProvider', 'addProvider', 'setFederation'] as const;

function timelineEntry(action: string, body: TSchema, description: string): TSchema {
  return Type.Object(
    {
      at: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'when, from the start of the ramp-up' })),
      every: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'again and again at this period, from `at` (default 0s) until `until` or the end' })),
      until: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'no repetition after this time' })),
      [action]: body,
    },
    { additionalProperties: false, description },
  );
}

export const TIMELINE_SCHEMAS = new Map<string, TSchema>([
  ...TIMELINE_ACTIONS.map((a) => [a, timelineEntry(a, STEP_BY_ACTION.get(a)!.body, STEP_BY_ACTION.get(a)!.description)] as [string, TSchema]),
  ['load', timelineEntry('load', Type.Number({ minimum: 0, maximum: 100, description: 'a factor on every rate of every user: 3 triples the load, 1 puts it back' }), 'Changes the load: a factor on every rate (a spike)')],
]);

export const SLO_PATTERN = '^\\s*[a-zA-Z0-9.]+(\\{[^}]*\\})?\\s*(<=|>=|==|<|>)\\s*[0-9.]+\\s*(ms|s|%|/s)?\\s*$';

export const ProfileSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'what this load is, in a few words' }),
    description: Type.Optional(Type.String()),
    seed: Type.Optional(Type.Integer({ description: 'the seed of every random draw (same seed, same users, same choices)' })),
    populations: Type.Record(Type.String({ pattern: POPULATION_PATTERN }), Type.Union([InternalPopulationSchema, ProviderPopulationSchema]), {
      minProperties: 1, description: 'the users, by population name',
    }),
    populate: Type.Optional(Type.Unsafe<'topology' | 'admin'>({
      type: 'string', enum: ['topology', 'admin'],
      description: 'topology: the users are written into the topology before it starts (in-process and process targets); admin: they are created through the admin APIs (the only way for --target)',
    })),
    behaviour: Type.Optional(BehaviourSchema),
    phases: Type.Object(
      {
        rampUp: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'users sign in spread over this time (default 0s: all at once)' })),
        steady: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'then everyone is at full rate this long' })),
        duration: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'instead of steady: the whole run, ramp-up included' })),
        drain: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'at the end, how long to wait for answers and deliveries still under way (default 10s)' })),
      },
      { additionalProperties: false, description: 'ramp-up, then the steady phase; then the generator stops starting work and drains' },
    ),
    federation: Type.Optional(Type.Boolean({ description: 'the global switch before the load starts' })),
    providers: Type.Optional(Type.Record(Type.String({ pattern: PROVIDER_ID_PATTERN }), ProviderOverrideSchema, {
      description: "provider settings applied before the load starts: changes to the edge's entries, by provider id (as in scenario files)",
    })),
    timeline: Type.Optional(Type.Array(Type.Unsafe<Record<string, unknown>>({ anyOf: [...TIMELINE_SCHEMAS.values()] }), {
      description: 'admin actions and load changes at given times (faults, provider blocks, spikes)',
    })),
    slos: Type.Optional(Type.Array(Type.String({ pattern: SLO_PATTERN }), {
      description: 'objectives that decide the exit code, e.g. "p99 < 50ms", "p99{kind=message,path=inbound msn} < 200ms", "lost == 0", "errorRate < 0.1%"',
    })),
    report: Type.Optional(Type.Object(
      { interval: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'the width of one point of the plots (default 1s)' })) },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);

export type ProfileDoc = Static<typeof ProfileSchema>;
export type BehaviourDoc = Static<typeof BehaviourSchema>;
export type InternalPopulationDoc = Static<typeof InternalPopulationSchema>;
export type ProviderPopulationDoc = Static<typeof ProviderPopulationSchema>;
export type PopulationDoc = InternalPopulationDoc | ProviderPopulationDoc;

export const PROFILE_SCHEMA_ID = 'https://fedlab.test/load-profile.schema.json';

/** The JSON schema of load profiles, as written to packages/testkit/load-profile.schema.json. */
export function loadProfileJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: PROFILE_SCHEMA_ID,
    title: 'fedlab load profile',
    description: 'A fedlab load profile: populations, behaviours at rates per user, phases, provider settings, a timeline of faults, and SLOs. See docs/load.md.',
    ...JSON.parse(JSON.stringify(ProfileSchema)),
  };
}
