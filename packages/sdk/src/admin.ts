import type {
  AuditEntry, HopDecision, LinkFault, LinkStatus, NewProviderEntry, ProviderEntry, ProviderPatch, SecurityEvent, SecurityEventKind, TrafficEntry, TrafficQuery,
  UserSummary,
} from '@fedlab/protocol';
import { ADMIN_ACTOR_HEADER } from '@fedlab/protocol';

export class AdminError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface EdgeState {
  federationEnabled: boolean;
  providers: ProviderEntry[];
  links: LinkStatus[];
}

export interface TraceView {
  requestId: string;
  summary: TrafficEntry | null;
  decisions: HopDecision[];
}

export interface NewInternalUser {
  address: string;
  displayName: string;
  enablement?: { federation: boolean; publicIm: boolean };
  subscriptionSetting?: 'allow' | 'block' | 'prompt';
  blockImFromNonAllowList?: boolean;
  allow?: string[];
  block?: string[];
  /** The user's own sign-in password; none: the deployment's. */
  password?: string;
}

export interface NewProviderUser {
  address: string;
  displayName: string;
  verified: boolean;
  contacts?: string[];
  block?: string[];
  /** The user's own sign-in password; none: the deployment's. */
  password?: string;
}

/** Which security events to list (all by default, oldest first, at most 500). */
export interface SecurityFilter {
  kind?: SecurityEventKind;
  /** `edge` or `home`. */
  node?: string;
  /** Only events seen at or after this time (ms since the epoch). */
  since?: number;
  limit?: number;
}

export type ProviderRow = ProviderEntry & { link: LinkStatus | null };

/**
 * A typed client of the admin REST APIs of the edge and the home server, for the admin page, the scenario
 * runner and tests. The token travels in the Authorization header only, never in a URL.
 */
export class AdminClient {
  constructor(
    readonly endpoints: { edge: string; home: string; providers?: Record<string, string> },
    readonly token: string,
    /** Who makes the calls, for the audit log: `page`, `scenario:<name>`, …; without it the edge audits `rest`. */
    readonly actor?: string,
  ) {}

  /** The same client, its calls audited as made by `actor`. */
  as(actor: string): AdminClient {
    return new AdminClient(this.endpoints, this.token, actor);
  }

  // edge
  state = () => this.#call<EdgeState>('edge', 'GET', '/api/state');
  providers = () => this.#call<ProviderRow[]>('edge', 'GET', '/api/providers');
  /** The providers the topology describes, with the settings a first start gives them. */
  knownProviders = () => this.#call<ProviderEntry[]>('edge', 'GET', '/api/providers/known');
  /** Adds an entry; `linkSecret` (write-only) is the secret shared with that provider, else the edge's for that id. */
  addProvider = (entry: ProviderEntry | NewProviderEntry) => this.#call<ProviderEntry>('edge', 'POST', '/api/providers', entry);
  updateProvider = (id: string, patch: ProviderPatch) => this.#call<ProviderEntry>('edge', 'PATCH', `/api/providers/${encodeURIComponent(id)}`, patch);
  /** Clears "Allow this IM service provider": a temporary block that keeps every setting. */
  blockProvider = (id: string) => this.updateProvider(id, { allowed: false });
  allowProvider = (id: string) => this.updateProvider(id, { allowed: true });
  removeProvider = (id: string) => this.#call<void>('edge', 'DELETE', `/api/providers/${encodeURIComponent(id)}`);
  setFederation = (federationEnabled: boolean) => this.#call<{ federationEnabled: boolean }>('edge', 'PUT', '/api/global', { federationEnabled });
  links = () => this.#call<LinkStatus[]>('edge', 'GET', '/api/links');
  setFault = (link: string, fault: LinkFault) => this.#call<unknown>('edge', 'PUT', `/api/links/${encodeURIComponent(link)}/fault`, fault);
  clearFault = (link: string) => this.#call<unknown>('edge', 'DELETE', `/api/links/${encodeURIComponent(link)}/fault`);
  resetLink = (link: string) => this.#call<unknown>('edge', 'POST', `/api/links/${encodeURIComponent(link)}/reset`);
  trace = (requestId: string) => this.#call<TraceView>('edge', 'GET', `/api/traces/${encodeURIComponent(requestId)}`);
  traffic = (filter: TrafficQuery = {}) =>
    this.#call<TrafficEntry[]>('edge', 'GET', `/api/traffic${query({ ...filter })}`);
  audit = () => this.#call<AuditEntry[]>('edge', 'GET', '/api/audit');
  /** The organization's security events: the edge's and the home server's (docs/security.md). */
  securityEvents = (filter: SecurityFilter = {}) => this.#call<SecurityEvent[]>('edge', 'GET', `/api/security${query({ ...filter })}`);
  resetEdge = () => this.#call<unknown>('edge', 'POST', '/api/reset');

  // home
  users = (q = '') => this.#call<UserSummary[]>('home', 'GET', `/api/users${query({ q })}`);
  setEnablement = (address: string, enablement: Partial<UserSummary['enablement']>) =>
    this.#call<UserSummary>('home', 'PATCH', `/api/users/${encodeURIComponent(address)}/enablement`, enablement);
  setEnablementMany = (addresses: string[], enablement: Partial<UserSummary['enablement']>) =>
    this.#call<UserSummary[]>('home', 'POST', '/api/users/enablement', { addresses, enablement });
  createUser = (user: NewInternalUser) => this.#call<UserSummary>('home', 'POST', '/api/users', user);
  deleteUser = (address: string) => this.#call<void>('home', 'DELETE', `/api/users/${encodeURIComponent(address)}`);
  resetHome = () => this.#call<unknown>('home', 'POST', '/api/reset');

  // providers (their small admin API: users at run time, reset)
  createProviderUser = (provider: string, user: NewProviderUser) => this.#call<unknown>({ provider }, 'POST', '/api/users', user);
  deleteProviderUser = (provider: string, address: string) => this.#call<void>({ provider }, 'DELETE', `/api/users/${encodeURIComponent(address)}`);
  resetProvider = (provider: string) => this.#call<unknown>({ provider }, 'POST', '/api/reset');
  /** A provider's own security events (failed sign-ins, wrong tokens, peers that failed the link handshake). */
  providerSecurityEvents = (provider: string) => this.#call<SecurityEvent[]>({ provider }, 'GET', '/api/security');

  /** Everything back to the topology: edge, home server and every provider (test runs only). */
  async resetAll(): Promise<void> {
    await this.resetEdge();
    await this.resetHome();
    for (const id of Object.keys(this.endpoints.providers ?? {})) await this.resetProvider(id);
  }

  homeTrace = (requestId: string) => this.#call<HopDecision[]>('home', 'GET', `/api/traces/${encodeURIComponent(requestId)}`);

  async #call<T>(server: 'edge' | 'home' | { provider: string }, method: string, path: string, body?: unknown): Promise<T> {
    const base = server === 'edge' ? this.endpoints.edge : server === 'home' ? this.endpoints.home : this.endpoints.providers?.[server.provider];
    if (!base) throw new AdminError(404, 'not-found', `No endpoint is known for provider ${(server as { provider: string }).provider}.`);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(this.actor ? { [ADMIN_ACTOR_HEADER]: this.actor } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    if (!response.ok) throw new AdminError(response.status, payload.error ?? 'error', payload.message ?? `${method} ${path} answered ${response.status}`);
    return payload as T;
  }
}

function query(params: { [key: string]: string | number | undefined }): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)] as [string, string])).toString()}` : '';
}
