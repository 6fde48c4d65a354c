/**
 * For this folder's tests: a PeopleServer for the domain example.test on a socket.io server on port 0, with a
 * provider's rules (`decideAtProvider`), and a way out that records what leaves and answers it as told.
 */
import type { Address, Answer, FedRequest, Profile } from '@fedlab/protocol';
import { answerFor, domainOf } from '@fedlab/protocol';
import { decideAtProvider } from '@fedlab/policy';
import { io as connect, type Socket } from 'socket.io-client';
import { PasswordBook } from '../passwords.ts';
import { SecurityLog } from '../security-log.ts';
import { Store } from '../store.ts';
import { startIo, useCleanup } from '../test-support.ts';
import { PeopleServer, type PeopleServerOptions } from './people-server.ts';
import type { PersonSeed } from './people-store.ts';

export const ANN = 'ann@example.test';
export const BEN = 'ben@example.test';
export const CID = 'cid@example.test';
export const OUTSIDER = 'out@elsewhere.test';
/** Everyone's sign-in password here. */
export const PASSWORD = 'people-test-password';

export const SEED: PersonSeed<{ verified: boolean }>[] = [ANN, BEN, CID].map((address) => ({ address, displayName: address.split('@')[0]!, data: { verified: true } }));

export interface TestServer {
  server: PeopleServer<{ verified: boolean }>;
  url: string;
  /** Requests that left for the outside. */
  out: FedRequest[];
  /** How the outside answers. */
  answerOut: (request: FedRequest) => Answer;
  /** A raw socket.io client signed in as `address` (not the sdk: it sends whatever a test makes). */
  raw(address: Address): Promise<Socket>;
  logs: string[];
  /** The security events of the server (failed sign-ins, refused input). */
  security: SecurityLog;
}

export async function startPeople(cleanup: ReturnType<typeof useCleanup>, options: Partial<PeopleServerOptions<{ verified: boolean }>> & { database?: string } = {}): Promise<TestServer> {
  const io = await startIo();
  cleanup(io.close);
  const store = new Store(options.database ?? ':memory:');
  cleanup(() => store.close());
  const logs: string[] = [];
  const state: Pick<TestServer, 'out' | 'answerOut'> = { out: [], answerOut: (r) => answerFor(r.id, 'delivered', 'provider') };
  const security = new SecurityLog('example');
  const passwords = await PasswordBook.create(PASSWORD, [], store);
  const server = new PeopleServer<{ verified: boolean }>({
    hop: 'provider', node: 'example', namespace: io.io.of('/') as never, store, seed: SEED, clientTimeoutMs: 1000, log: (line) => logs.push(line),
    passwords, security,
    realm: {
      isLocal: (a) => domainOf(a) === 'example.test',
      decide: (request, recipient) => decideAtProvider({ kind: request.kind, recipient: recipient && { online: recipient.online, blockedSender: recipient.lists.block.includes(request.from) } }),
      sendOut: async (request) => {
        state.out.push(request);
        return state.answerOut(request);
      },
      profileOf: (p, lists): Profile => ({ address: p.address, displayName: p.displayName, kind: 'provider', provider: 'Example', lists }),
      settings: () => ({ ok: false, error: { code: 'not-allowed', message: 'no settings here' } }),
      answerPrompt: () => ({ ok: false, error: { code: 'not-found', message: 'no prompts here' } }),
    },
    ...options,
  });
  cleanup(() => server.close());
  return Object.assign(state, {
    server, url: io.url, logs, security,
    async raw(address: Address) {
      const socket = connect(io.url, { auth: { address, password: PASSWORD }, transports: ['websocket'], reconnection: false, forceNew: true });
      cleanup(() => socket.close());
      await new Promise<void>((resolve, reject) => {
        socket.once('welcome', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
  });
}
