import type { TSchema, Static } from '@sinclair/typebox';
import {
  AllowEntryInputSchema, BlockEntrySchema, DEFAULT_FEDERATION_SETTINGS, DEFAULT_VERIFICATION_LEVEL, FederationSettingsPatchSchema,
  PartnerServerPatchSchema, federationLimitsProblem, parse, partnerDomainConflict, partnerDomainProblem,
  type AllowEntry, type AllowEntryInput, type BlockEntry, type FederationConfig, type FederationSettings, type FederationTab,
  type ProviderEntry,
} from '@fedlab/protocol';
import type { FederationTabs } from '@fedlab/policy';
import type { Store } from '@fedlab/server';
import type { FederationSeed } from '@fedlab/topology';

const ALLOW = 'federation-allow';
const BLOCK = 'federation-block';
const META = 'meta';
const SETTINGS_KEY = 'federation-settings';
const SEEDED_KEY = 'federation-seeded';

export class FederationSettingsError extends Error {
  constructor(readonly code: 'invalid' | 'conflict' | 'not-found', message: string) {
    super(message);
  }
}

export interface PartnerSettingsOptions {
  store: Store;
  orgDomains: readonly string[];
  /** The edge's own Access Edge FQDN: no partner server may claim it. */
  edgeFqdn: string;
  /** The IM Provider tab now: its domains are not the Allow tab's, and its Access Edges are not partner servers. */
  providers: () => readonly ProviderEntry[];
  /** How the tabs and settings look on a first start (the topology's `edge.federation`); absent: POLICY.md's defaults. */
  seed?: FederationSeed;
}

/**
 * The edge's settings for federated partners (POLICY.md, "Federated partners"): discovery, the discovered partners'
 * verification level, their limits, the Allow tab (partner servers and allowed domains) and the Block tab.
 * Stored, so they survive a restart; seeded once from the topology. Every change is checked first and changes
 * nothing when refused: a domain is unique, at most 256 characters, on one tab at most (the refusal names the tab
 * that has it), never the organization's, and never an IM provider's on the Allow tab. Each change returns what
 * it replaced, for the audit log.
 */
export class PartnerSettings {
  readonly #allow = new Map<string, AllowEntry>();
  readonly #block = new Set<string>();
  #settings: FederationSettings;

  constructor(readonly options: PartnerSettingsOptions) {
    const { store } = options;
    if (!store.get<boolean>(META, SEEDED_KEY)) {
      const seeded = configFromSeed(options.seed);
      store.transaction(() => {
        this.#write(seeded);
        store.put(META, SEEDED_KEY, true);
      });
    }
    this.#settings = store.get<FederationSettings>(META, SETTINGS_KEY) ?? structuredClone(DEFAULT_FEDERATION_SETTINGS);
    for (const entry of store.list<AllowEntry>(ALLOW)) this.#allow.set(entry.domain, entry);
    for (const entry of store.list<BlockEntry>(BLOCK)) this.#block.add(entry.domain);
  }

  settings(): FederationSettings {
    return structuredClone(this.#settings);
  }

  config(): FederationConfig {
    return { ...this.settings(), allow: [...this.#allow.values()].map((e) => structuredClone(e)), block: [...this.#block].map((domain) => ({ domain })) };
  }

  /** The view the policy decides with: lookups by domain, O(1), always current. */
  tabs(): FederationTabs {
    return {
      discovery: this.#settings.discovery,
      discoveredVerificationLevel: this.#settings.discoveredVerificationLevel,
      allow: this.#allow,
      block: this.#block,
    };
  }

  tabOf(domain: string): FederationTab | undefined {
    if (this.#allow.has(domain)) return 'allow';
    if (this.#block.has(domain)) return 'block';
    return undefined;
  }

  /** Discovery, the discovered partners' verification level, the limits: any of them. */
  update(patch: unknown): { before: FederationSettings; after: FederationSettings } {
    const valid = checked(FederationSettingsPatchSchema, patch);
    const before = this.settings();
    const after: FederationSettings = { ...before, ...valid, limits: { ...before.limits, ...valid.limits } };
    const problem = federationLimitsProblem(after.limits);
    if (problem) throw new FederationSettingsError('invalid', problem);
    this.#settings = after;
    this.options.store.put(META, SETTINGS_KEY, after);
    return { before, after: this.settings() };
  }

  /** Adds a partner server (its verification level *verified only* unless given) or an allowed domain to the Allow tab. */
  addAllow(input: unknown): AllowEntry {
    this.#checkDomain(input, 'allow');
    const valid = checked(AllowEntryInputSchema, input);
    const entry = normalized(valid);
    if (entry.kind === 'partner-server') this.#checkAccessEdge(entry.address.fqdn);
    this.#allow.set(entry.domain, entry);
    this.options.store.put(ALLOW, entry.domain, entry);
    return structuredClone(entry);
  }

  /** Changes a partner server's address or verification level. */
  updateAllow(domain: string, patch: unknown): { before: AllowEntry; after: AllowEntry } {
    const before = this.#allow.get(domain);
    if (!before) throw new FederationSettingsError('not-found', `${domain} is not on the Allow tab.`);
    if (before.kind !== 'partner-server') {
      throw new FederationSettingsError('invalid', `${domain} is an allowed domain: it has no settings to change. Remove it and add it again as a partner server.`);
    }
    const valid = checked(PartnerServerPatchSchema, patch);
    if (valid.address) this.#checkAccessEdge(valid.address.fqdn);
    const after: AllowEntry = { ...before, ...structuredClone(valid) };
    this.#allow.set(domain, after);
    this.options.store.put(ALLOW, domain, after);
    return { before: structuredClone(before), after: structuredClone(after) };
  }

  removeAllow(domain: string): AllowEntry {
    const before = this.#allow.get(domain);
    if (!before) throw new FederationSettingsError('not-found', `${domain} is not on the Allow tab.`);
    this.#allow.delete(domain);
    this.options.store.delete(ALLOW, domain);
    return before;
  }

  addBlock(input: unknown): BlockEntry {
    this.#checkDomain(input, 'block');
    const entry = { ...checked(BlockEntrySchema, input) };
    this.#block.add(entry.domain);
    this.options.store.put(BLOCK, entry.domain, entry);
    return { ...entry };
  }

  removeBlock(domain: string): BlockEntry {
    if (!this.#block.has(domain)) throw new FederationSettingsError('not-found', `${domain} is not on the Block tab.`);
    this.#block.delete(domain);
    this.options.store.delete(BLOCK, domain);
    return { domain };
  }

  /** Back to the seed (a test reset). */
  reset(): void {
    const seeded = configFromSeed(this.options.seed);
    this.options.store.transaction(() => this.#write(seeded));
    this.#settings = seeded;
    this.#allow.clear();
    this.#block.clear();
    for (const entry of seeded.allow) this.#allow.set(entry.domain, entry);
    for (const entry of seeded.block) this.#block.add(entry.domain);
  }

  #write(config: FederationConfig): void {
    const { store } = this.options;
    const { allow, block, ...settings } = config;
    store.put(META, SETTINGS_KEY, settings);
    store.clear(ALLOW);
    store.clear(BLOCK);
    for (const entry of allow) store.put(ALLOW, entry.domain, entry);
    for (const entry of block) store.put(BLOCK, entry.domain, entry);
  }

  /** The domain's own problems (invalid) first, then its place among the tabs and the IM providers (conflict). */
  #checkDomain(input: unknown, tab: FederationTab): void {
    const domain = (input as { domain?: unknown } | null)?.domain;
    if (typeof domain !== 'string') return; // the schema names what is missing
    const problem = partnerDomainProblem(domain);
    if (problem) throw new FederationSettingsError('invalid', problem);
    const conflict = partnerDomainConflict(domain, tab, {
      orgDomains: this.options.orgDomains,
      providerServing: (d) => this.options.providers().find((p) => p.domains.includes(d)),
      tabOf: (d) => this.tabOf(d),
    });
    if (conflict) throw new FederationSettingsError('conflict', conflict);
  }

  /** One Access Edge, one entry: a partner server is neither this edge nor an IM provider's Access Edge. */
  #checkAccessEdge(fqdn: string): void {
    if (fqdn === this.options.edgeFqdn) throw new FederationSettingsError('conflict', `${fqdn} is this organization's own Access Edge.`);
    const provider = this.options.providers().find((p) => p.address.fqdn === fqdn);
    if (provider) throw new FederationSettingsError('conflict', `${fqdn} is the Access Edge of the IM provider ${provider.name} (${provider.id}).`);
  }
}

/** The settings and both tabs on a first start: POLICY.md's defaults, with what the topology says on top. */
export function configFromSeed(seed: FederationSeed | undefined): FederationConfig {
  const defaults = structuredClone(DEFAULT_FEDERATION_SETTINGS);
  return {
    discovery: seed?.discovery ?? defaults.discovery,
    discoveredVerificationLevel: seed?.discoveredVerificationLevel ?? defaults.discoveredVerificationLevel,
    limits: { ...defaults.limits, ...seed?.limits },
    allow: (seed?.allow ?? []).map(normalized),
    block: (seed?.block ?? []).map((domain) => ({ domain })),
  };
}

function normalized(input: AllowEntryInput): AllowEntry {
  if (input.kind === 'allowed-domain') return { kind: 'allowed-domain', domain: input.domain };
  return { kind: 'partner-server', domain: input.domain, address: { ...input.address }, verificationLevel: input.verificationLevel ?? DEFAULT_VERIFICATION_LEVEL };
}

function checked<S extends TSchema>(schema: S, value: unknown): Static<S> {
  const parsed = parse(schema, value);
  if (!parsed.ok) throw new FederationSettingsError('invalid', parsed.error);
  return parsed.value;
}
