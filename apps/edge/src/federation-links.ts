import { io as dial, type Socket } from 'socket.io-client';
import type { Answer, EdgeHello, FedRequest, LinkFault, LinkState, LinkStatus, ProviderEntry, ProviderHello } from '@fedlab/protocol';
import { ProviderHelloSchema, parse, toPublic } from '@fedlab/protocol';
import { RequestLink } from '@fedlab/server';

export interface FederationLinksOptions {
  edgeFqdn: string;
  orgDomains: string[];
  /** Testbed name resolution (like /etc/hosts): FQDN → host to dial. */
  resolve: (fqdn: string) => string;
  timeoutMs: number;
  /** The edge's credential on every federation link (providers configured with one check it). */
  federationToken?: string;
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
}

/**
 * The edge's federation links: one per provider in the list, dialed at the provider's configured network
 * address (and nowhere else), authenticated by the FQDN the provider proves in its hello, as TLS would by
 * its certificate. A removed provider's link is closed; a changed address is dialed anew.
 */
export class FederationLinks {
  readonly #links = new Map<string, LinkRecord>();

  constructor(readonly options: FederationLinksOptions) {}

  sync(entries: ProviderEntry[]): void {
    const wanted = new Map(entries.map((e) => [e.id, e]));
    for (const [id, record] of this.#links) {
      const entry = wanted.get(id);
      if (!entry || record.target !== targetOf(entry)) this.#close(id);
      else record.domains = [...entry.domains];
    }
    for (const entry of entries) if (!this.#links.has(entry.id)) this.#open(entry);
  }

  /** The link to a provider, if it is up and authenticated. */
  connected(id: string): RequestLink | undefined {
    const record = this.#links.get(id);
    return record?.state === 'connected' && record.link.connected ? record.link : undefined;
  }

  /** The link a socket belongs to and the domains it is authenticated for. */
  authenticated(id: string): { provider: string; domains: string[] } | undefined {
    const record = this.#links.get(id);
    return record?.state === 'connected' ? { provider: id, domains: [...record.domains] } : undefined;
  }

  status(): LinkStatus[] {
    return [...this.#links.entries()].map(([provider, r]) => {
      const fault = r.link.fault;
      return { provider, state: r.state, since: r.since, ...(r.detail ? { detail: r.detail } : {}), ...(Object.keys(fault).length ? { fault } : {}) };
    });
  }

  has(id: string): boolean {
    return this.#links.has(id);
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
    const socket = dial(url, {
      transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1000, timeout: this.options.timeoutMs,
      auth: this.options.federationToken ? { token: this.options.federationToken } : {},
    });
    const link = new RequestLink({
      hop: 'edge', node: 'edge', name: entry.id, timeoutMs: this.options.timeoutMs, unreachable: 'provider-unreachable',
      onRequest: (request) => this.options.onRequest(entry.id, request), log: this.options.log,
      // Whatever this end answers a provider, even a link-level 400, leaves in the public form.
      answerForm: toPublic,
    });
    const record: LinkRecord = { target: targetOf(entry), socket, link, state: 'connecting', since: Date.now(), domains: [...entry.domains] };
    this.#links.set(entry.id, record);
    socket.on('connect', async () => {
      const hello: EdgeHello = { domains: this.options.orgDomains, fqdn: this.options.edgeFqdn, expectedFqdn: fqdn };
      let answer: unknown;
      try {
        answer = await socket.timeout(this.options.timeoutMs).emitWithAck('hello', hello);
      } catch {
        return this.#setState(entry.id, record, 'unreachable', 'no answer to hello');
      }
      const parsed = parse(ProviderHelloSchema, answer);
      if (!parsed.ok || (parsed.value as ProviderHello).fqdn !== fqdn) {
        const detail = (answer as { error?: string })?.error ?? `the peer did not prove it is ${fqdn}`;
        return this.#setState(entry.id, record, 'fqdn-mismatch', detail);
      }
      link.attach(socket as never);
      this.#setState(entry.id, record, 'connected');
    });
    socket.on('disconnect', () => {
      if (this.#links.get(entry.id) === record && !link.fault.down) this.#setState(entry.id, record, 'connecting', 'reconnecting');
    });
    socket.on('connect_error', (error) => this.#setState(entry.id, record, 'unreachable', `${url}: ${error.message}`));
  }

  #close(id: string): void {
    const record = this.#links.get(id);
    if (!record) return;
    this.#links.delete(id);
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
