/** What a person's client knows and tells (`FedlabClient`): its connection, contacts, sessions, messages, events. */
import type { Address, Answer, FedRequest, Presence, Profile, Prompt, Welcome } from '@fedlab/protocol';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'signed-out' | 'refused';
export type SubscriptionState = 'none' | 'pending' | 'active' | 'rejected' | 'terminated';

export interface Contact {
  address: Address;
  subscription: SubscriptionState;
  presence: Presence;
  /** The answer to our last subscription request, as we may see it. */
  answer?: Answer;
}

export type MessageState = 'sending' | 'delivered' | 'failed';

export interface ChatMessage {
  id: string;
  sessionId: string;
  from: Address;
  text: string;
  at: number;
  /** For messages we sent. */
  state?: MessageState;
  answer?: Answer;
}

export interface Session {
  id: string;
  peer: Address;
  state: 'inviting' | 'open' | 'ended';
  /** Whether we sent the invitation. */
  outgoing: boolean;
  messages: ChatMessage[];
  /** Why it ended: `ended-by-us`, `ended-by-peer`, `signed-out` (this client signed in again), or the reason of the answer that ended it. */
  endedBecause?: string;
  peerTyping: boolean;
}

export type ClientEvents = {
  state: [ConnectionState, string | undefined];
  welcome: [Welcome];
  profile: [Profile];
  presence: [Address, Presence];
  contacts: [];
  prompt: [Prompt];
  prompts: [];
  invitation: [Session];
  session: [Session];
  message: [ChatMessage];
  typing: [Session];
  'session-ended': [Session];
  /** Every request that reached this client, with the answer it gave (for tests and traces). */
  incoming: [FedRequest, Answer];
};

export interface FedlabClientOptions {
  /** The server this user signs in to: the home server or the user's provider, e.g. http://127.0.0.1:7100. */
  url: string;
  address: Address;
  /**
   * The user's sign-in password: their own (topology, admin) or the deployment's (`FEDLAB_PASSWORD`, printed by
   * `npm start`). Sent in the handshake `auth: { address, password }` only.
   */
  password?: string;
  /** Re-subscribe to every contact after each sign-in (default true), as a chat client does. */
  resubscribe?: boolean;
  /** socket.io transports; websocket only by default. */
  transports?: string[];
}
