import { io, type Socket } from 'socket.io-client';
import type { AuditEntry, Enablement, TrafficEntry } from '@fedlab/protocol';
import type { EdgeState } from '@fedlab/sdk';

/** One user's enablement as an admin changed it on the home server. */
export interface EnablementChange {
  address: string;
  before: Enablement;
  after: Enablement;
}

/** What the edge's live `/admin` namespace sends to every open admin page. */
export interface LiveEvents {
  state: (state: EdgeState) => void;
  traffic: (entry: TrafficEntry) => void;
  audit: (entry: AuditEntry) => void;
  /** Some users' enablement changed (in this page or another): reload them (no addresses: everyone). */
  users: (notice: { addresses: string[] }) => void;
  /** A user of the home server signed in or out. */
  online: (notice: { address: string; online: boolean }) => void;
}

/** The live namespace only speaks to pages; a page never reports changes itself (the servers do). */
export type LiveSocket = Socket<LiveEvents, Record<string, never>>;

/** Opens the live namespace with the admin token in the handshake (never in the URL). */
export function connectLive(edge: string, token: string): LiveSocket {
  return io(`${edge.replace(/\/$/, '')}/admin`, { auth: { token }, reconnectionDelayMax: 4000 });
}

/** The server refused the handshake's token (as opposed to a network failure, after which socket.io retries). */
export function isRefusal(error: Error): boolean {
  return /unauthorized/i.test(error.message);
}
