import { io as dial, type Socket } from 'socket.io-client';
import type { Answer, FedRequest, LinkFault, LinkState, LinkStatus, ProviderEntry } from '@fedlab/protocol';
import { toPublic } from '@fedlab/protocol';
import { RequestLink, authenticateProvider, type SecurityLog } from '@fedlab/server';

export interface FederationLinksOptions {
  edgeFqdn: string;
  orgDomains: string[];
  /** Testbed name resolution (like /etc/hosts): FQDN → host to dial. */
  resolve: (fqdn: string) => string;
  timeoutMs: number;
  /** The link secret of a provider entry (by id), which both sides prove they hold; none: the link cannot come up. */
  secretOf: (id: string) => string | undefined;
  /** Where a peer that fails the handshake is recorded. */
  security: SecurityLog;
  onRequest: (providerId: string, request: FedRequest) => Promise<Answer>;
  onChange: () => void;
  log: (line: string) => void;
}

interface LinkRecord {
  target: string;
  socket: Socket;
  link: RequestLink;
  state: LinkState;
  since: number;
  detail?: string;
  /** The domains this link is authenticated for: the list entry's, never what the provider claims. */
  domains: string[];
  /** The entry was removed from the list: the open link is kept (not redialed) so rule 3 can answer. */
  unlisted?: boolean;
  /** After an FQDN mismatch or a failed authentication the edge dials again only after a pause, instead of flapping. */
  retry?: ReturnType<typeof setTimeout>;
}

/** How long a link that failed the FQDN check or the authentication waits before dialing again. */
const MISMATCH_RETRY_MS = 5000;
/** How long a link whose peer did not answer the handshake waits before dialing again. */
const UNANSWERED_RETRY_MS = 200;

/**
 * The edge's federation links: one per provider in the list, dialed at the provider's configured network
 * address (and nowhere else), authenticated both ways by a challenge–response over the entry's link secret, bound
 * to the dialed FQDN (packages/server/src/link-auth.ts), as mutual TLS would. A changed address is dialed anew. When an entry is removed, its open link is kept but
 * never redialed or used outbound: what the provider still sends on it is rejected by rule 3 (not listed),
 * as POLICY.md says, until the provider hangs up.
 */
export class FederationLinks {
  readonly #links = new Map<string, LinkRecord>();

  constructor(readonly options: FederationLinksOptions) {}

  sync(entries: ProviderEntry[]): void {
    const wanted = new Map(entries.map((e) => [e.id, e]));
    for (const [id, record] of this.#links) {
      const entry = wanted.get(id);
      if (!entry) this.#unlist(id, record);
      else if (record.unlisted || record.target !== targetOf(entry)) this.#close(id);
      else record.domains = [...entry.domains];
    }
    for (const entry of entries) if (!this.#links.has(entry.id)) this.#open(entry);
  }

  /** The link to a listed provider, if it is up and authenticated. */
  connected(id: string): RequestLink | undefined {
    const record = this.#links.get(id);
    return !record?.unlisted && record?.state === 'connected' && record.link.connected ? record.link : undefined;
  }

  /** Every link that is up, listed or just removed (for a teardown, which both must hear). */
  upLinks(): { id: string; link: RequestLink }[] {
    return [...this.#links].filter(([, r]) => r.state === 'connected' && r.link.connected).map(([id, r]) => ({ id, link: r.link }));
  }

  /** The link a socket belongs to and the domains it is authenticated for. */
  authenticated(id: string): { provider: string; domains: string[] } | undefined {
    const record = this.#links.get(id);
    return record?.state === 'connected' ? { provider: id, domains: [...record.domains] } : undefined;
  }

  status(): LinkStatus[] {
    return [...this.#links.entries()].filter(([, r]) => !r.unlisted).map(([provider, r]) => {
      const fault = r.link.fault;
      return { provider, state: r.state, since: r.since, ...(r.detail ? { detail: r.detail } : {}), ...(Object.keys(fault).length ? { fault } : {}) };
    });
  }

  has(id: string): boolean {
    return !!this.#links.get(id) && !this.#links.get(id)!.unlisted;
  }

  setFault(id: string, fault: LinkFault): void {
    const record = this.#links.get(id)!;
    const wasDown = record.link.fault.down;
    record.link.setFault(fault);
    if (fault.down && !wasDown) {
      record.socket.disconnect();
      this.#setState(id, record, 'unreachable', 'fault: link down');
    } else if (!fault.down && wasDown) {
      this.#setState(id, record, 'connecting');
      record.socket.connect();
    }
    this.options.onChange();
  }

  /** A connection reset: the transport drops; the link reconnects by itself. */
  reset(id: string): void {
    this.#links.get(id)?.socket.io.engine?.close();
  }

  /** Forgets which requests were answered on every link (a test reset). */
  forget(): void {
    for (const record of this.#links.values()) record.link.forget();
  }

  close(): void {
    for (const id of [...this.#links.keys()]) this.#close(id);
  }

  #open(entry: ProviderEntry): void {
    const { fqdn, port } = entry.address;
    const url = `http://${this.options.resolve(fqdn)}:${port}/federation`;
    const socket = dial(url, { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1000, timeout: this.options.timeoutMs });
    const link = new RequestLink({
      hop: 'edge', node: 'edge', name: entry.id, timeoutMs: this.options.timeoutMs, unreachable: 'provider-unreachable',
      onRequest: (request) => this.options.onRequest(entry.id, request), log: this.options.log, security: this.options.security,
      // Whatever this end answers a provider, even a link-level 400, leaves in the public form.
      answerForm: toPublic,
    });
    const record: LinkRecord = { target: targetOf(entry), socket, link, state: 'connecting', since: Date.now(), domains: [...entry.domains] };
    this.#links.set(entry.id, record);
    socket.on('connect', async () => {
      const result = await authenticateProvider(socket, {
        secret: this.options.secretOf(entry.id), edgeFqdn: this.options.edgeFqdn, expectedFqdn: fqdn, expectedPort: port, domains: this.options.orgDomains, timeoutMs: this.options.timeoutMs,
      });
      if (this.#links.get(entry.id) !== record) return;
      if (!result.ok && result.state === 'unreachable') {
        // The peer did not answer the handshake in time: hang up and dial again soon, rather than wait forever.
        socket.disconnect();
        this.#setState(entry.id, record, 'unreachable', result.detail);
        record.retry = setTimeout(() => this.#links.get(entry.id) === record && !link.fault.down && socket.connect(), UNANSWERED_RETRY_MS);
        return;
      }
      if (!result.ok) {
        // A peer that failed the proof is a security event; an entry without a secret is only a setting to fix.
        if (result.state === 'auth-failed' && this.options.secretOf(entry.id)) {
          this.options.security.record({ kind: 'link-auth-failed', source: `link:${entry.id}`, where: url, detail: `The federation link to ${entry.name}: ${result.detail}.` });
        }
        this.#setState(entry.id, record, result.state, result.detail);
        socket.disconnect();
        record.retry = setTimeout(() => this.#links.get(entry.id) === record && !link.fault.down && socket.connect(), MISMATCH_RETRY_MS);
        return;
      }
      link.attach(socket as never);
      this.#setState(entry.id, record, 'connected');
    });
    socket.on('disconnect', () => {
      if (this.#links.get(entry.id) !== record || link.fault.down || record.state === 'fqdn-mismatch' || record.state === 'auth-failed') return;
      this.#setState(entry.id, record, 'connecting', 'reconnecting');
    });
    socket.on('connect_error', (error) => this.#setState(entry.id, record, 'unreachable', `${url}: ${error.message}`));
  }

  /** Keeps a removed provider's open link for rule 3, without redialing; closes it if it is not up. */
  #unlist(id: string, record: LinkRecord): void {
    if (record.unlisted) return;
    if (record.state !== 'connected') return this.#close(id);
    record.unlisted = true;
    record.socket.io.reconnection(false);
    record.socket.on('disconnect', () => {
      if (this.#links.get(id) === record) this.#close(id);
    });
    this.options.onChange();
  }

  #close(id: string): void {
    const record = this.#links.get(id);
    if (!record) return;
    this.#links.delete(id);
    clearTimeout(record.retry);
    record.link.detach();
    record.socket.removeAllListeners();
    record.socket.disconnect();
    this.options.onChange();
  }

  #setState(id: string, record: LinkRecord, state: LinkState, detail?: string): void {
    if (this.#links.get(id) !== record) return;
    if (record.state === state && record.detail === detail) return;
    record.state = state;
    record.since = Date.now();
    record.detail = detail;
    this.options.log(`link ${id}: ${state}${detail ? ` (${detail})` : ''}`);
    this.options.onChange();
  }
}

function targetOf(entry: ProviderEntry): string {
  return `${entry.address.fqdn}:${entry.address.port}`;
}
