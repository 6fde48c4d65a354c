import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ADDRESS_REGEX_SOURCE, DOMAIN_PATTERN, PROVIDER_ID_PATTERN } from '@fedlab/protocol';
import { ALIAS_PATTERN, DEFINITIONS, Expect, NewProviderFields, SubscriptionSetting, Target, define, type ExpectDoc } from './parts.ts';
import { STEPS, type StepDefinition } from './steps/index.ts';

/**
 * The scenario file format. This module is the one source of the format: the TypeScript types the runner uses
 * and `packages/testkit/scenario.schema.json` (what editors complete with) are both derived from it and from the
 * steps (`steps/*.ts`); a test keeps the JSON file equal to `scenarioJsonSchema()`.
 */

const stepName = Type.Optional(Type.String({ minLength: 1, description: 'what this step shows, printed in progress and failures' }));

function stepSchema(step: StepDefinition): TSchema {
  return Type.Object(
    { [step.action]: step.body, name: stepName, ...(step.request ? { expect: Type.Optional(Expect) } : {}) },
    { additionalProperties: false, description: step.description },
  );
}
const Step = Type.Unsafe<{ [action: string]: unknown; name?: string; expect?: ExpectDoc }>({
  anyOf: STEPS.map((s) => define(`step.${s.action}`, stepSchema(s))),
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
