import type { Socket } from 'socket.io';
import type { Address, Answer, CuttingChange, DialogScope, FedRequest, HopDecision, InternalLinkEvents, ProviderEntry, Reason } from '@fedlab/protocol';
import { UserDeletedSchema, UserOnlineSchema, UsersChangedSchema, answerFor, dialogEnds, domainOf, isInDialog, toPublic } from '@fedlab/protocol';
import { decideInboundAtEdge, decideOutboundAtEdge } from '@fedlab/policy';
import type { Topology } from '@fedlab/topology';
import { Guard, RequestLink, Store, TraceLog, createHttp, deadlines, decision, decisionsOf, requireNamespaceToken, DEFAULT_TIMEOUT_MS, type OriginPolicy } from '@fedlab/server';
import { EntrySecrets } from './entry-secrets.ts';
import { changeOfRejection, endDialogs, everythingScope, providerScope, type TeardownContext } from './teardown.ts';
import { FederationLinks } from './federation-links.ts';
import { ProviderList, toListed } from './provider-list.ts';
import { AuditLog, TrafficLog } from './traffic.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { HomeSecurityEventsSchema } from './security-routes.ts';

export interface EdgeOptions {
  topology: Pick<Topology, 'organization' | 'edge' | 'providers' | 'hosts'>;
  internalToken: string;
  /**
   * Each provider's link secret, by provider id (FEDLAB_LINK_SECRETS), beside those the topology gives
   * (`linkSecret`); an entry added at run time may bring its own.
   */
  linkSecrets?: Record<string, string>;
  adminToken: string;
  /** Browser origins allowed to call the admin REST and the live /admin namespace; none: no browser page. */
  origins?: OriginPolicy;
  database: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface EdgeServer {
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** Resolves once the home server's link and the links to these providers are up. */
  ready(providerIds?: string[]): Promise<void>;
}

/** Rejections at the edge that end a dialog already open (rules 2 and 3, and outbound rule 1). */
const ENDS_OPEN_DIALOGS: ReadonlySet<Reason> = new Set<Reason>([
  'federation-disabled', 'provider-not-listed', 'provider-blocked', 'sender-not-enabled-public-im', 'sender-not-enabled-federation',
]);

/**
 * The Access Edge: the only door between the organization and the outside. It holds the IM provider list and
 * the global switch, authenticates federation links, stamps what it lets in, decides inbound rules 1–4 and
 * outbound rule 1, routes to each provider's configured address, answers the outside in the public form, and
 * keeps every hop's decision for admins.
 */
export async function buildEdge(options: EdgeOptions): Promise<EdgeServer> {
  const { topology } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const linkTimeoutMs = deadlines(timeoutMs).edge;
  const log = options.log ?? (() => undefined);
  const orgDomains = topology.organization.domains;
  const store = new Store(options.database);
  const seed = seedEntries(topology);
  const providers = new ProviderList(store, orgDomains, seed);
  if (store.get<boolean>('meta', 'federationEnabled') === undefined) store.put('meta', 'federationEnabled', topology.edge.federationEnabled);
  const traces = new TraceLog();
  const traffic = new TrafficLog();
  const audit = new AuditLog(store);
  const secrets = new EntrySecrets(store, { ...options.linkSecrets, ...Object.fromEntries(topology.providers.filter((p) => p.linkSecret).map((p) => [p.id, p.linkSecret!])) });
  const stateListeners = new Set<() => void>();
  const changed = () => stateListeners.forEach((l) => l());
  const federationEnabled = () => store.get<boolean>('meta', 'federationEnabled') ?? false;

  const http = await createHttp({
    name: 'edge',
    ...(options.origins ? { origins: options.origins } : {}),
    health: () => ({ federationEnabled: federationEnabled(), homeLink: homeLink.connected, links: links.status().map((s) => ({ provider: s.provider, state: s.state })) }),
    openapi: { title: 'fedlab Access Edge', description: 'IM provider list, global switch, federation links, faults, traffic and traces.' },
  });

  const security = http.security;
  const links = new FederationLinks({
    edgeFqdn: topology.edge.fqdn, orgDomains, timeoutMs: linkTimeoutMs, log, onChange: changed, security, secretOf: (id) => secrets.of(id),
    resolve: (fqdn) => topology.hosts?.[fqdn] ?? fqdn,
    onRequest: (providerId, request) => inbound(providerId, request),
  });
  links.sync(providers.all());

  // --- the home server's link ---
  const homeLink = new RequestLink({ hop: 'edge', node: 'edge', name: 'home', timeoutMs: linkTimeoutMs, unreachable: 'home-unreachable', onRequest: (r) => outbound(r), security, log });
  let homeSocket: Socket<InternalLinkEvents, InternalLinkEvents> | undefined;
  let homeLinkSince = Date.now();
  const internal = http.io.of('/internal');
  const internalGuard = new Guard('edge /internal', log, { log: security, source: 'link:home' });
  requireNamespaceToken(internal, options.internalToken, security, 'internal link token');
  internal.use((_socket, next) => next(homeLink.fault.down ? new Error('link down (fault)') : undefined));
  internal.on('connection', (socket) => {
    homeSocket?.disconnect(true);
    homeSocket = socket;
    homeLinkSince = Date.now();
    homeLink.attach(socket as never);
    socket.on('disconnect', () => {
      homeLinkSince = Date.now();
      changed();
    });
    // Notices from the home server's outbox are acknowledged once audited; a repeat (a lost ack) is audited once.
    const refused = () => ({ ok: false });
    socket.on('users:changed', internalGuard.handler({ event: 'users:changed', schema: UsersChangedSchema, refuse: refused }, (notice) => adminApi.usersChanged(notice)));
    socket.on('user:deleted', internalGuard.handler({ event: 'user:deleted', schema: UserDeletedSchema, refuse: refused }, (notice) => adminApi.userDeleted(notice)));
    socket.on('security:events', internalGuard.handler({ event: 'security:events', schema: HomeSecurityEventsSchema, refuse: refused }, (events) => adminApi.securityFromHome(events)));
    socket.on('users:online', internalGuard.notice({ event: 'users:online', schema: UserOnlineSchema }, (notice) => adminApi.userOnline(notice)));
    adminApi.homeConnected();
    changed();
    log('home link up');
    endWhatWasCutMeanwhile();
  });

  /** From a provider, over its link: rules 1–4 here, then the home server. */
  async function inbound(providerId: string, request: FedRequest): Promise<Answer> {
    const entry = providers.get(providerId);
    const verdict = decideInboundAtEdge({
      kind: request.kind, from: request.from, to: request.to, link: links.authenticated(providerId), entry: entry && toListed(entry),
      orgDomains, federationEnabled: federationEnabled(), asserted: request.asserted,
    });
    const trail = decisionsOf(verdict, 'edge', 'edge');
    let answer: Answer;
    if (verdict.outcome === 'final') {
      if (verdict.reason === 'spoofed-sender-domain' || verdict.reason === 'cross-provider-relay') {
        security.record({ kind: verdict.reason, source: `link:${providerId}`, where: 'federation', subject: request.from, requestId: request.id, detail: trail.at(-1)!.explanation });
        log(`SECURITY: ${verdict.reason}: ${providerId} sent a request from ${request.from} to ${request.to}`);
      }
      answer = answerFor(request.id, verdict.reason, 'edge', { trail });
      if (ENDS_OPEN_DIALOGS.has(verdict.reason)) endThisDialog(request, verdict.reason, providerId, request.to);
    } else {
      // Whatever the provider wrote in the stamp's place is overwritten; enablement is only the home's to state.
      const { stamp: _forged, senderEnablement: _ignored, ...rest } = request;
      const downstream = await homeLink.send({ ...rest, stamp: { ...verdict.stamp! } } as FedRequest);
      answer = { ...downstream, trail: [...trail, ...(downstream.trail ?? [])] };
    }
    finish(request, answer, 'inbound', providerId);
    return toPublic(withDialogEnd(request, answer), request.kind);
  }

  /** From the home server: outbound rule 1 here, then the provider at its configured address. */
  async function outbound(request: FedRequest): Promise<Answer> {
    const entry = providers.byDomain(domainOf(request.to));
    if (orgDomains.includes(domainOf(request.to))) {
      const answer = answerFor(request.id, 'malformed', 'edge', { trail: [decision('edge', 'edge', 'routing', 'malformed', { to: request.to }, 'Internal traffic never crosses the edge.')] });
      return finish(request, answer, 'outbound', undefined);
    }
    const verdict = decideOutboundAtEdge({
      federationEnabled: federationEnabled(), entry: entry && toListed(entry), recipientDomain: domainOf(request.to),
      senderEnablement: request.senderEnablement ?? { federation: false, publicIm: false },
    });
    const trail = decisionsOf(verdict, 'edge', 'edge');
    let answer: Answer;
    if (verdict.outcome === 'final') {
      answer = answerFor(request.id, verdict.reason, 'edge', { trail });
      if (ENDS_OPEN_DIALOGS.has(verdict.reason)) endThisDialog(request, verdict.reason, entry?.id, request.from);
    } else {
      const link = links.connected(entry!.id);
      const { senderEnablement: _private, stamp: _none, asserted: _no, ...outgoing } = request;
      const downstream = link
        ? await link.send(outgoing as FedRequest)
        : answerFor(request.id, 'provider-unreachable', 'edge', { trail: [decision('edge', 'edge', 'link', 'provider-unreachable', { provider: entry!.id, link: links.status().find((s) => s.provider === entry!.id)?.state ?? 'none' }, `The link to ${entry!.name} is not up.`)] });
      answer = { ...downstream, trail: [...trail, ...(downstream.trail ?? [])] };
    }
    return finish(request, withDialogEnd(request, answer), 'outbound', entry?.id);
  }

  const teardown: TeardownContext = {
    orgDomains, homeLink, traces, traffic,
    providerLinks: () => links.upLinks(),
    providerOf: (address: Address) => providers.byDomain(domainOf(address))?.id,
  };
  /** A change cut a path: every dialog in the scope ends on both sides; resolves to how many ended. */
  const cut = (change: CuttingChange, scope: DialogScope, only?: 'home') => endDialogs(teardown, change, scope, only);

  /**
   * The home server's link came (back) up: a change made while it was down may have cut dialogs the home server
   * still holds (a provider blocked, the switch off). They end now, as they would have then.
   */
  function endWhatWasCutMeanwhile(): void {
    if (!federationEnabled()) void cut({ kind: 'federation-disabled', target: 'organization' }, everythingScope(orgDomains), 'home');
    else for (const entry of providers.all().filter((p) => !p.allowed)) void cut({ kind: 'provider-blocked', target: entry.id }, providerScope(orgDomains, entry), 'home');
  }

  /**
   * The edge stopped a request inside a dialog for a reason that cuts the path: the change's own teardown missed
   * this dialog (a side was unreachable then). It ends now, on both sides. A spoofed request never ends anything.
   */
  function endThisDialog(request: FedRequest, reason: Reason, provider: string | undefined, internalParty: Address): void {
    const change = changeOfRejection(reason, provider, internalParty);
    if (!change || !isInDialog(request.kind)) return;
    const outsideParty = internalParty === request.to ? request.from : request.to;
    void cut(change, { inside: { domains: orgDomains, user: internalParty }, outside: { user: outsideParty } });
  }

  function withDialogEnd(request: FedRequest, answer: Answer): Answer {
    return dialogEnds(request.kind, answer.code) ? { ...answer, endsDialog: true } : answer;
  }

  function finish(request: FedRequest, answer: Answer, direction: 'inbound' | 'outbound', provider: string | undefined): Answer {
    traces.record(request.id, ...(answer.trail ?? []));
    traffic.add({
      requestId: request.id, at: Date.now(), kind: request.kind, from: request.from, to: request.to, direction,
      ...(provider ? { provider } : {}), code: answer.code, reason: answer.diagnostic.reason, hop: answer.diagnostic.hop,
    });
    return answer;
  }

  async function traceOf(requestId: string): Promise<HopDecision[]> {
    let fromHome: HopDecision[] = [];
    if (homeLink.connected) {
      try {
        fromHome = (await homeSocket?.timeout(timeoutMs).emitWithAck('trace:get', requestId)) ?? [];
      } catch {
        fromHome = [];
      }
    }
    const merged = new TraceLog();
    merged.record(requestId, ...traces.get(requestId), ...(Array.isArray(fromHome) ? fromHome : []));
    return merged.get(requestId);
  }

  const adminApi = registerAdminRoutes(http, {
    adminToken: options.adminToken, orgDomains, providers, links, audit, traffic, security, secrets, homeLink, traceOf, changed, stateListeners, cut,
    federationEnabled,
    setFederationEnabled: (value: boolean) => store.put('meta', 'federationEnabled', value),
    syncLinks: () => links.sync(providers.all()),
    homeLinkSince: () => homeLinkSince,
    knownProviders: () => seed.map((entry) => ({ ...entry })),
    dropHomeLink: () => homeSocket?.disconnect(true),
    resetState: () => {
      providers.replace(seed);
      secrets.reset();
      store.put('meta', 'federationEnabled', topology.edge.federationEnabled);
      links.sync(providers.all());
      for (const s of links.status()) links.setFault(s.provider, {});
      homeLink.setFault({});
      homeLink.forget();
      links.forget();
      traffic.clear();
      traces.clear();
    },
  });

  return {
    listen: (port = topology.edge.port, host = '127.0.0.1') => http.listen(port, host),
    async close() {
      links.close();
      homeLink.detach();
      await http.close();
      store.close();
    },
    async ready(providerIds = providers.all().map((p) => p.id)) {
      await new Promise<void>((resolve) => {
        const check = () => {
          if (homeLink.connected && providerIds.every((id) => links.connected(id))) {
            stateListeners.delete(check);
            resolve();
          }
        };
        stateListeners.add(check);
        check();
      });
    },
  };
}

/** The IM provider list on a first start: every topology provider that has an `edge` entry. */
export function seedEntries(topology: Pick<Topology, 'providers'>): ProviderEntry[] {
  return topology.providers.filter((p) => p.edge).map((p) => ({
    id: p.id, name: p.name, address: { fqdn: p.fqdn, port: p.port }, public: p.public,
    allowed: p.edge!.allowed, filtering: p.edge!.filtering, domains: [...p.domains],
  }));
}

