import { Type, type Static } from '@sinclair/typebox';
import { DOMAIN_PATTERN, FilteringSchema, NetworkAddressSchema } from './admin.ts';
import type { Filtering } from './settings.ts';

/**
 * The edge's federated partners (POLICY.md, "Federated partners: the Allow and Block tabs, and discovery"): the
 * Allow tab, the Block tab, discovery, the discovered partners' verification level and their limits. These
 * schemas are the admin contract's building blocks; the edge keeps them (apps/edge/src/federation-settings.ts).
 */

/** POLICY.md: one entry per partner domain, unique, at most 256 characters. */
export const MAX_PARTNER_DOMAIN_LENGTH = 256;
export const PartnerDomainSchema = Type.String({ pattern: DOMAIN_PATTERN, maxLength: MAX_PARTNER_DOMAIN_LENGTH, description: 'a domain, lower case' });

/** The two kinds of Allow tab entry: a partner server names its Access Edge; an allowed domain's is found through the DNS. */
export const ALLOW_ENTRY_KINDS = ['partner-server', 'allowed-domain'] as const;
export type AllowEntryKind = (typeof ALLOW_ENTRY_KINDS)[number];

/** The partner's verification level takes the same three options as a provider's filtering; this is the default. */
export const DEFAULT_VERIFICATION_LEVEL: Filtering = 'verified-only';

export const PartnerServerSchema = Type.Object(
  {
    kind: Type.Literal('partner-server'),
    domain: PartnerDomainSchema,
    address: NetworkAddressSchema,
    verificationLevel: FilteringSchema,
  },
  { additionalProperties: false, description: "a partner domain with its Access Edge's FQDN (and port, in the testbed)" },
);
export const AllowedDomainSchema = Type.Object(
  { kind: Type.Literal('allowed-domain'), domain: PartnerDomainSchema },
  { additionalProperties: false, description: 'a partner domain whose Access Edge is found through the DNS' },
);
export const AllowEntrySchema = Type.Union([PartnerServerSchema, AllowedDomainSchema]);
export type PartnerServer = Static<typeof PartnerServerSchema>;
export type AllowedDomain = Static<typeof AllowedDomainSchema>;
export type AllowEntry = Static<typeof AllowEntrySchema>;

/** What an admin adds: a partner server's verification level may be left out (then *verified only*). */
export const AllowEntryInputSchema = Type.Union([
  Type.Composite([Type.Omit(PartnerServerSchema, ['verificationLevel']), Type.Object({ verificationLevel: Type.Optional(FilteringSchema) })], { additionalProperties: false }),
  AllowedDomainSchema,
]);
export type AllowEntryInput = Static<typeof AllowEntryInputSchema>;

/** What an admin may change on a partner server (its domain is its identity; an allowed domain has nothing to change). */
export const PartnerServerPatchSchema = Type.Partial(Type.Pick(PartnerServerSchema, ['address', 'verificationLevel']), { additionalProperties: false, minProperties: 1 });
export type PartnerServerPatch = Static<typeof PartnerServerPatchSchema>;

export const BlockEntrySchema = Type.Object({ domain: PartnerDomainSchema }, { additionalProperties: false });
export type BlockEntry = Static<typeof BlockEntrySchema>;

/** The numbers of OCS 2007 R2's "How federated traffic is evaluated when using automatic discovery", as settings. */
export const FederationLimitsSchema = Type.Object(
  {
    watchListRecipients: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'a discovered partner that sends to more distinct addresses than this is put on the watch list' }),
    requestsPerSecond: Type.Integer({ minimum: 1, maximum: 100_000, description: 'the rate of every discovered partner' }),
    suspiciousRequestsPerSecond: Type.Integer({ minimum: 1, maximum: 100_000, description: 'the rate of a discovered partner whose traffic looks suspicious' }),
    suspiciousWindow: Type.Integer({ minimum: 2, maximum: 10_000, description: 'traffic is suspicious when more than half of this many last requests were rejected as not found or unverified' }),
  },
  { additionalProperties: false },
);
export type FederationLimits = Static<typeof FederationLimitsSchema>;

/** What a schema cannot say about the limits: throttling must not raise a partner's rate. */
export function federationLimitsProblem(limits: FederationLimits): string | undefined {
  if (limits.suspiciousRequestsPerSecond > limits.requestsPerSecond) {
    return `The rate for suspicious traffic (${limits.suspiciousRequestsPerSecond} a second) must not exceed the rate of every discovered partner (${limits.requestsPerSecond} a second).`;
  }
  return undefined;
}

/** The edge's settings for partners beside the two tabs. */
export const FederationSettingsSchema = Type.Object(
  {
    discovery: Type.Boolean({ description: '"Allow discovery of federation partners"' }),
    discoveredVerificationLevel: FilteringSchema,
    limits: FederationLimitsSchema,
  },
  { additionalProperties: false },
);
export type FederationSettings = Static<typeof FederationSettingsSchema>;

export const FederationSettingsPatchSchema = Type.Object(
  {
    discovery: Type.Optional(Type.Boolean()),
    discoveredVerificationLevel: Type.Optional(FilteringSchema),
    limits: Type.Optional(Type.Partial(FederationLimitsSchema, { additionalProperties: false, minProperties: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type FederationSettingsPatch = Static<typeof FederationSettingsPatchSchema>;

/** POLICY.md's defaults: discovery on, discovered partners *verified only*, 1,000 recipients, 20 a second, 1 a second, last 100. */
export const DEFAULT_FEDERATION_SETTINGS: FederationSettings = {
  discovery: true,
  discoveredVerificationLevel: DEFAULT_VERIFICATION_LEVEL,
  limits: { watchListRecipients: 1000, requestsPerSecond: 20, suspiciousRequestsPerSecond: 1, suspiciousWindow: 100 },
};

/** Everything of the partners at once: the settings and both tabs. */
export interface FederationConfig extends FederationSettings {
  allow: AllowEntry[];
  block: BlockEntry[];
}

// --- Which domain may go on which tab -------------------------------------------------------------------------

export const FEDERATION_TABS = ['allow', 'block'] as const;
export type FederationTab = (typeof FEDERATION_TABS)[number];
export const FEDERATION_TAB_NAMES: Record<FederationTab, string> = { allow: 'Allow tab', block: 'Block tab' };

export interface PartnerDomainContext {
  orgDomains: readonly string[];
  /** The IM provider entry that serves a domain, if any. */
  providerServing(domain: string): { id: string; name: string } | undefined;
  /** The tab that has a domain now, if any. */
  tabOf(domain: string): FederationTab | undefined;
}

/** What is wrong with a partner domain as written, in a sentence; undefined when nothing is. */
export function partnerDomainProblem(domain: string): string | undefined {
  if (domain.length > MAX_PARTNER_DOMAIN_LENGTH) return `A domain has at most ${MAX_PARTNER_DOMAIN_LENGTH} characters; this one has ${domain.length}.`;
  if (domain !== domain.toLowerCase()) return `Domains are written in lower case: ${domain.toLowerCase()}.`;
  if (!DOMAIN_REGEX.test(domain)) return `${domain} is not a domain name (labels of letters, digits and hyphens, separated by dots).`;
  return undefined;
}

const DOMAIN_REGEX = new RegExp(DOMAIN_PATTERN);

/**
 * Why `domain` may not be added to `tab`, in a sentence an admin can act on; undefined when it may. A domain is
 * on one tab at most, and the refusal names the tab that has it (POLICY.md). The organization's own domain is on
 * neither. An IM provider's domain may not go on the Allow tab (the IM Provider tab governs it, and would shadow
 * the entry), but may go on the Block tab, which POLICY.md's table consults first (docs/policy-decisions.md).
 */
export function partnerDomainConflict(domain: string, tab: FederationTab, context: PartnerDomainContext): string | undefined {
  const problem = partnerDomainProblem(domain);
  if (problem) return problem;
  if (context.orgDomains.includes(domain)) return `${domain} is the organization's own domain.`;
  const has = context.tabOf(domain);
  if (has === tab) return `${domain} is already on the ${FEDERATION_TAB_NAMES[tab]}.`;
  if (has) return `${domain} is on the ${FEDERATION_TAB_NAMES[has]}; a domain cannot be on both tabs. Remove it there first.`;
  const provider = tab === 'allow' ? context.providerServing(domain) : undefined;
  if (provider) return `${domain} is served by the IM provider ${provider.name} (${provider.id}): the IM Provider tab governs it.`;
  return undefined;
}

// --- The limits' state, for security events and the Federation view ----------------------------------------

/** Where a discovered partner stands with the limits: served at its rate, throttled as suspicious, or refused. */
export const PARTNER_STANDINGS = ['normal', 'throttled', 'watch-listed'] as const;
export type PartnerStanding = (typeof PARTNER_STANDINGS)[number];

/** Each change of a discovered partner's standing or rate, reported once when it happens. */
export const PARTNER_TRANSITIONS = ['rate-exceeded', 'rate-recovered', 'throttled', 'throttle-lifted', 'watch-listed'] as const;
export type PartnerTransition = (typeof PARTNER_TRANSITIONS)[number];

/** What the limiter knows of one discovered partner. */
export interface PartnerLimitState {
  domain: string;
  standing: PartnerStanding;
  /** Distinct addresses of the organization it sent requests to (counting stops once it is watched). */
  distinctRecipients: number;
  /** Of its last `recentRequests` answered requests (at most the suspicious window), how many were rejected as not found or unverified. */
  recentFailures: number;
  recentRequests: number;
  /** True while it is sending faster than its rate (from its first 429 until it has kept to the rate for a second). */
  overRate: boolean;
}

export interface PartnerTransitionEvent {
  at: number;
  domain: string;
  transition: PartnerTransition;
  /** A sentence for the security log and the Federation view. */
  detail: string;
  state: PartnerLimitState;
}
