import { Type, type Static } from '@sinclair/typebox';
import { AddressSchema, EnablementSchema } from './envelope.ts';
import { FILTERING_OPTIONS } from './settings.ts';
import { LINK_SECRET_PATTERN } from './security.ts';
import type { Reason, PublicReason } from './diagnostics.ts';
import type { StatusCode } from './codes.ts';
import type { Hop } from './hops.ts';
import type { RequestKind } from './envelope.ts';

/** A host name: letters, digits and hyphens in dot-separated labels (an FQDN, or a single-label name in the testbed). */
export const FQDN_PATTERN = '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$';
export const DOMAIN_PATTERN = '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$';
export const PROVIDER_ID_PATTERN = '^[a-z][a-z0-9-]{0,31}$';

export const NetworkAddressSchema = Type.Object(
  {
    fqdn: Type.String({ pattern: FQDN_PATTERN, description: "FQDN of the provider's Access Edge" }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
  },
  { additionalProperties: false },
);

export const FilteringSchema = Type.Union(FILTERING_OPTIONS.map((f) => Type.Literal(f)));

/** One row of the edge's IM provider list: every setting of the seed's "Edit IM Service Provider" dialog. */
export const ProviderEntrySchema = Type.Object(
  {
    id: Type.String({ pattern: PROVIDER_ID_PATTERN, description: 'short stable id, e.g. msn' }),
    name: Type.String({ minLength: 1, maxLength: 64 }),
    address: NetworkAddressSchema,
    public: Type.Boolean({ description: 'a public IM service provider (public IM connectivity) or a federated partner' }),
    allowed: Type.Boolean({ description: 'the "Allow this IM service provider" check box; false is a temporary block' }),
    filtering: FilteringSchema,
    domains: Type.Array(Type.String({ pattern: DOMAIN_PATTERN }), { minItems: 1, maxItems: 32, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ProviderEntry = Static<typeof ProviderEntrySchema>;

/**
 * POST body of a new entry: the entry, and optionally its link secret (write-only: never shown again). Without
 * one, the edge uses the secret it was started with for that provider id (docs/policy-decisions.md).
 */
export const NewProviderEntrySchema = Type.Composite(
  [ProviderEntrySchema, Type.Object({ linkSecret: Type.Optional(Type.String({ pattern: LINK_SECRET_PATTERN, description: 'the link secret shared with this provider; write-only' })) })],
  { additionalProperties: false },
);
export type NewProviderEntry = Static<typeof NewProviderEntrySchema>;

/** PATCH body: any subset of the settings except the id. */
export const ProviderPatchSchema = Type.Partial(Type.Omit(ProviderEntrySchema, ['id']), { additionalProperties: false, minProperties: 1 });
export type ProviderPatch = Static<typeof ProviderPatchSchema>;

export const LINK_STATES = ['connected', 'connecting', 'unreachable', 'fqdn-mismatch', 'auth-failed'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface LinkStatus {
  provider: string;
  state: LinkState;
  /** ms since epoch of the last change of state. */
  since: number;
  detail?: string;
  fault?: LinkFault;
}

export const GlobalSettingsSchema = Type.Object({ federationEnabled: Type.Boolean() }, { additionalProperties: false });
export type GlobalSettings = Static<typeof GlobalSettingsSchema>;

/** Faults a QA engineer can put on a link (provider↔edge or home↔edge). */
export const LinkFaultSchema = Type.Object(
  {
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    jitterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    /** Bytes per second; each payload waits its size divided by this. */
    bandwidthBps: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Nothing passes and the link reports down. */
    down: Type.Optional(Type.Boolean()),
    /** The peer receives but never answers. */
    unresponsive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type LinkFault = Static<typeof LinkFaultSchema>;

export const UserEnablementPatchSchema = Type.Partial(EnablementSchema, { additionalProperties: false, minProperties: 1 });
export const BulkEnablementSchema = Type.Object(
  // Each address once: 1,000 copies of one address are refused (400), not audited 1,000 times.
  { addresses: Type.Array(AddressSchema, { minItems: 1, maxItems: 1000, uniqueItems: true }), enablement: UserEnablementPatchSchema },
  { additionalProperties: false },
);

export interface UserSummary {
  address: string;
  displayName: string;
  enablement: { federation: boolean; publicIm: boolean };
  online: boolean;
}

/**
 * What `GET /api/traffic` filters on: every filter given must match. `user` is the sender or the recipient, exactly;
 * `before` (a request id) pages back to older requests; `limit` is at most this many, the newest.
 */
export interface TrafficQuery {
  provider?: string;
  user?: string;
  outcome?: 'accepted' | 'rejected';
  kind?: RequestKind;
  code?: number;
  before?: string;
  limit?: number;
}

/** One line of the edge's live traffic stream. */
export interface TrafficEntry {
  requestId: string;
  at: number;
  kind: RequestKind;
  from: string;
  to: string;
  /** The outside provider involved, by id; absent when none is (an unknown domain). */
  provider?: string;
  direction: 'inbound' | 'outbound';
  code: StatusCode;
  reason: Reason | PublicReason;
  hop: Hop;
}

export interface AuditEntry {
  id: string;
  at: number;
  /** What changed, e.g. `provider.update`, `global.federation`, `user.enablement`. */
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  /** Who made the change (the `X-Fedlab-Actor` header of the admin call): see `ADMIN_ACTOR_HEADER`. */
  actor: string;
  /** For a change that cuts a path (POLICY.md rule 8): how many IM sessions and subscriptions it ended. */
  dialogsEnded?: number;
}

/**
 * Who makes an admin call, for the audit log: `page` (the admin page), `scenario:<name>` (a scenario run by the
 * runner), or any other short label a tool chooses. A call without the header is audited as `rest` (a plain REST
 * call: curl, a script). A value that is not a label (too long, control characters) is audited as `rest` too.
 */
export const ADMIN_ACTOR_HEADER = 'x-fedlab-actor';
export const DEFAULT_ACTOR = 'rest';
const ACTOR_LABEL = /^[\x20-\x7e]{1,120}$/;

/** The actor of an admin call from its header value (absent or unusable: `rest`). */
export function actorOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  const trimmed = value?.trim();
  return trimmed && ACTOR_LABEL.test(trimmed) ? trimmed : DEFAULT_ACTOR;
}
