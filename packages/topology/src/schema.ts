import { Type, type Static } from '@sinclair/typebox';
import { AddressSchema, DOMAIN_PATTERN, FQDN_PATTERN, FILTERING_OPTIONS, PROVIDER_ID_PATTERN, SUBSCRIPTION_SETTINGS } from '@fedlab/protocol';

const Port = Type.Integer({ minimum: 0, maximum: 65535, description: '0 picks a free port' });
const Domain = Type.String({ pattern: DOMAIN_PATTERN });
const Fqdn = Type.String({ pattern: FQDN_PATTERN });

export const InternalUserSchema = Type.Object(
  {
    address: AddressSchema,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    enablement: Type.Optional(Type.Object({ federation: Type.Boolean(), publicIm: Type.Boolean() }, { additionalProperties: false })),
    subscriptionSetting: Type.Optional(Type.Union(SUBSCRIPTION_SETTINGS.map((s) => Type.Literal(s)))),
    blockImFromNonAllowList: Type.Optional(Type.Boolean()),
    allow: Type.Optional(Type.Array(AddressSchema)),
    block: Type.Optional(Type.Array(AddressSchema)),
  },
  { additionalProperties: false },
);

export const ProviderUserSchema = Type.Object(
  {
    address: AddressSchema,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    /** What the provider asserts for this user on traffic leaving the provider. */
    verified: Type.Boolean(),
    contacts: Type.Optional(Type.Array(AddressSchema)),
    block: Type.Optional(Type.Array(AddressSchema)),
  },
  { additionalProperties: false },
);

export const ProviderSchema = Type.Object(
  {
    id: Type.String({ pattern: PROVIDER_ID_PATTERN }),
    name: Type.String({ minLength: 1, maxLength: 64 }),
    /** The FQDN of the provider's Access Edge, and the port it listens on. */
    fqdn: Fqdn,
    port: Port,
    domains: Type.Array(Domain, { minItems: 1 }),
    public: Type.Boolean(),
    /** false: the provider asserts no verification level at all (POLICY: such requests are unverified). */
    assertsVerification: Type.Optional(Type.Boolean({ default: true })),
    /** How the edge's IM provider list has this provider on a first start; absent: not in the list. */
    edge: Type.Optional(
      Type.Object(
        { allowed: Type.Boolean(), filtering: Type.Union(FILTERING_OPTIONS.map((f) => Type.Literal(f))) },
        { additionalProperties: false },
      ),
    ),
    users: Type.Array(ProviderUserSchema),
  },
  { additionalProperties: false },
);

export const TopologySchema = Type.Object(
  {
    organization: Type.Object(
      { name: Type.String(), domains: Type.Array(Domain, { minItems: 1 }), users: Type.Array(InternalUserSchema) },
      { additionalProperties: false },
    ),
    home: Type.Object({ port: Port }, { additionalProperties: false }),
    edge: Type.Object(
      { fqdn: Fqdn, port: Port, federationEnabled: Type.Boolean() },
      { additionalProperties: false },
    ),
    providers: Type.Array(ProviderSchema),
    client: Type.Optional(Type.Object({ port: Port }, { additionalProperties: false })),
    admin: Type.Optional(Type.Object({ port: Port }, { additionalProperties: false })),
    /** Name resolution for the testbed, like /etc/hosts: FQDN → IP. Unlisted names resolve as they are. */
    hosts: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);

export type Topology = Static<typeof TopologySchema>;
export type TopologyProvider = Static<typeof ProviderSchema>;
export type TopologyProviderUser = Static<typeof ProviderUserSchema>;
export type TopologyInternalUser = Static<typeof InternalUserSchema>;
