import { answerFor, toPublic } from '@fedlab/protocol';
import type { ConnectionState, Session } from '@fedlab/sdk';
import type { ClientAppConfig } from '../app-config.ts';
import { DirectoryIndex } from '../logic/directory.ts';
import { sidesOf } from '../logic/servers.ts';
import { ChatStore } from '../state/chat-store.ts';
import type { ChatShell } from '../ui/chat-shell.ts';
import { FakeClient } from './fake-client.ts';
import '../ui/chat-shell.ts';

/**
 * A signed-in chat shell on a fake sdk client, for component tests in the browser: the page imports this module
 * and calls its functions (through the harness's `call`) to mount the shell and to play the server's part.
 */
export const CONFIG: ClientAppConfig = {
  organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://127.0.0.1:7100' },
  providers: [{ id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://127.0.0.1:7302' }],
};
const [org, yahoo] = sidesOf(CONFIG);
const DIRECTORY = new DirectoryIndex([
  { side: org!, users: [{ address: 'alice@contoso.test', displayName: 'Alice Anders', online: true }, { address: 'bob@contoso.test', displayName: 'Bob Brandt', online: false }] },
  { side: yahoo!, users: [{ address: 'yuki@yahoo.test', displayName: 'Yuki Yamada', online: true, verified: true }] },
]);

let client: FakeClient;
let store: ChatStore;

/** Mounts the shell signed in as Alice (internal) or Yuki (provider), with a contact and a waiting prompt. */
export async function mountShell(kind: 'internal' | 'provider'): Promise<void> {
  const internal = kind === 'internal';
  client = new FakeClient(internal ? 'alice@contoso.test' : 'yuki@yahoo.test');
  const peer = internal ? 'yuki@yahoo.test' : 'alice@contoso.test';
  client.profile = internal
    ? {
        address: client.address, displayName: 'Alice Anders', kind: 'internal', lists: { allow: [peer], block: [] },
        settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: false }, enablement: { federation: true, publicIm: true },
      }
    : { address: client.address, displayName: 'Yuki Yamada', kind: 'provider', provider: 'Yahoo!', lists: { allow: [peer], block: [] } };
  client.contacts.set(peer, { address: peer, subscription: 'active', presence: { state: 'busy', note: 'in a meeting' } });
  if (internal) client.prompts = [{ id: 'p1', from: 'bob@contoso.test', verification: 'verified', requestId: 'r1', at: Date.now() }];
  store = new ChatStore(client, { nameOf: (a) => DIRECTORY.nameOf(a) });
  const shell = document.createElement('fl-chat-shell') as ChatShell;
  Object.assign(shell, { store, config: CONFIG, directory: DIRECTORY });
  document.body.replaceChildren(shell);
  await shell.updateComplete;
}

/** The peer invites the signed-in person and sends a message, as the sdk would report it. */
export function receive({ from, text }: { from: string; text: string }): void {
  let session = [...client.sessions.values()].find((s) => s.peer === from && s.state === 'open');
  if (!session) {
    session = { id: `in-${client.sessions.size + 1}`, peer: from, state: 'open', outgoing: false, messages: [], peerTyping: false } satisfies Session;
    client.sessions.set(session.id, session);
    client.fire('invitation', session);
  }
  const message = { id: `msg-${Date.now()}-${session.messages.length}`, sessionId: session.id, from, text, at: Date.now() };
  session.messages.push(message);
  client.fire('message', message);
}

export function setConnection({ state, detail }: { state: ConnectionState; detail?: string }): void {
  client.state = state;
  client.fire('state', state, detail);
}

/** What the shell asked the client to do. */
export function calls(): string[] {
  return client.calls;
}

export function failNextInvite(): void {
  client.inviteAnswer = toPublic(answerFor('i', 'recipient-offline', 'home'));
}
