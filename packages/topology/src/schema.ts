import { Type, type Static } from '@sinclair/typebox';
import {
  AddressSchema, AllowEntryInputSchema, DOMAIN_PATTERN, FQDN_PATTERN, FILTERING_OPTIONS, FederationLimitsSchema, FilteringSchema, PartnerDomainSchema,
  PROVIDER_ID_PATTERN, SUBSCRIPTION_SETTINGS,
} from '@fedlab/protocol';

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

/** An SRV record's name: `_service._proto.domain`, e.g. `_sipfederationtls._tcp.tailspin.test`. */
export const SRV_NAME_PATTERN = `^_[a-z0-9-]+\\._(tcp|udp|tls)\\.${DOMAIN_PATTERN.slice(1)}`;

export const SrvRecordSchema = Type.Object(
  { target: Fqdn, port: Type.Integer({ minimum: 1, maximum: 65535 }) },
  { additionalProperties: false, description: 'the host and port a service of a domain is found at' },
);

/**
 * How the edge's Allow and Block tabs and its partner settings look on a first start; anything left out takes
 * POLICY.md's default (discovery on, *verified only*, 1,000 / 20 / 1 / 100, both tabs empty).
 */
export const FederationSeedSchema = Type.Object(
  {
    discovery: Type.Optional(Type.Boolean()),
    discoveredVerificationLevel: Type.Optional(FilteringSchema),
    limits: Type.Optional(Type.Partial(FederationLimitsSchema, { additionalProperties: false })),
    allow: Type.Optional(Type.Array(AllowEntryInputSchema)),
    block: Type.Optional(Type.Array(PartnerDomainSchema)),
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
      { fqdn: Fqdn, port: Port, federationEnabled: Type.Boolean(), federation: Type.Optional(FederationSeedSchema) },
      { additionalProperties: false },
    ),
    providers: Type.Array(ProviderSchema),
    client: Type.Optional(Type.Object({ port: Port }, { additionalProperties: false })),
    admin: Type.Optional(Type.Object({ port: Port }, { additionalProperties: false })),
    /** Name resolution for the testbed, like /etc/hosts: FQDN → IP. Unlisted names resolve as they are. */
    hosts: Type.Optional(Type.Record(Type.String(), Type.String())),
    /**
     * The testbed's DNS SRV records, standing in for the real DNS (POLICY.md): `_sipfederationtls._tcp.<domain>` →
     * the Access Edge of a federated partner. Only domains listed here can be discovered. FEDLAB_HOSTS=dns asks the
     * system's DNS instead, as for `hosts`.
     */
    srv: Type.Optional(Type.Record(Type.String({ pattern: SRV_NAME_PATTERN }), SrvRecordSchema, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export type Topology = Static<typeof TopologySchema>;
export type TopologyProvider = Static<typeof ProviderSchema>;
export type TopologyProviderUser = Static<typeof ProviderUserSchema>;
export type TopologyInternalUser = Static<typeof InternalUserSchema>;
export type FederationSeed = Static<typeof FederationSeedSchema>;
export type SrvRecord = Static<typeof SrvRecordSchema>;
