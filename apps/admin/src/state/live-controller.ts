import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuditEntry, TrafficEntry } from '@fedlab/protocol';
import { Emitter, type AdminClient, type EdgeState } from '@fedlab/sdk';
import { appendNewest } from '../logic/format.ts';
import { connectLive, isRefusal, type LiveSocket } from '../logic/live.ts';
import { explainFailure } from '../logic/session.ts';

export const TRAFFIC_KEPT = 1000;
const AUDIT_KEPT = 500;

export type LiveStatus = 'connecting' | 'live' | 'offline';

/** What the live connection passes on to the elements that follow it (the Users tab). */
export type LiveNotices = {
  users: [addresses: string[]];
  online: [address: string, online: boolean];
};

/**
 * The page's live connection to the edge (`/admin`), for its host (<fl-admin-app>): the edge's state, the traffic
 * and audit streams (the ones so far on every connection, so that a reconnection fills the gap), and the users
 * notices, which elements follow with `on`. Every change re-renders the host; a refused token signs out.
 */
export class LiveController extends Emitter<LiveNotices> implements ReactiveController {
  status: LiveStatus = 'connecting';
  edge: EdgeState | undefined;
  traffic: TrafficEntry[] = [];
  audit: AuditEntry[] = [];
  #socket: LiveSocket | undefined;
  #client: AdminClient | undefined;

  constructor(private readonly host: ReactiveControllerHost, private readonly refused: () => void) {
    super();
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  open(client: AdminClient, state: EdgeState): void {
    this.close();
    this.#client = client;
    this.#set({ status: 'connecting', edge: state });
    const socket = connectLive(client.endpoints.edge, client.token);
    this.#socket = socket;
    socket.on('connect', () => {
      this.#set({ status: 'live' });
      void this.#loadStreams(client);
    });
    socket.on('disconnect', () => this.#set({ status: 'offline' }));
    socket.on('connect_error', (error) => (isRefusal(error) ? this.refused() : this.#set({ status: 'offline' })));
    socket.on('state', (edge) => this.#set({ edge }));
    socket.on('traffic', (entry) => this.#set({ traffic: appendNewest(this.traffic, entry, (e) => e.requestId, TRAFFIC_KEPT) }));
    socket.on('audit', (entry) => this.#set({ audit: appendNewest(this.audit, entry, (e) => e.id, AUDIT_KEPT) }));
    socket.on('users', ({ addresses }) => this.emit('users', addresses));
    socket.on('online', ({ address, online }) => this.emit('online', address, online));
  }

  close(): void {
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.#client = undefined;
    Object.assign(this, { edge: undefined, traffic: [], audit: [], status: 'connecting' });
  }

  /** The streams so far, merged with what arrived live meanwhile. */
  async #loadStreams(client: AdminClient): Promise<void> {
    try {
      const [traffic, audit] = await Promise.all([client.traffic({ limit: TRAFFIC_KEPT }), client.audit()]);
      if (client !== this.#client) return;
      let t = traffic;
      for (const e of this.traffic) t = appendNewest(t, e, (x) => x.requestId, TRAFFIC_KEPT);
      let a = audit.slice(-AUDIT_KEPT);
      for (const e of this.audit) a = appendNewest(a, e, (x) => x.id, AUDIT_KEPT);
      this.#set({ traffic: t.sort((x, y) => x.at - y.at), audit: a.sort((x, y) => x.at - y.at) });
    } catch (error) {
      if (client === this.#client) console.warn(`fedlab admin: ${explainFailure(error, client.endpoints)}`);
    }
  }

  #set(change: Partial<Pick<LiveController, 'status' | 'edge' | 'traffic' | 'audit'>>): void {
    Object.assign(this, change);
    this.host.requestUpdate();
  }
}
