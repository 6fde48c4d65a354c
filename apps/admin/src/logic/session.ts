import { AdminClient, AdminError, type EdgeState } from '@fedlab/sdk';

/** Where the page finds the servers it talks to (GET /config.json of the admin server). */
export interface Endpoints {
  edge: string;
  home: string;
}

export class SignInError extends Error {
  override name = 'SignInError';
}

/** Words for a failed call: what happened and what to do, from an AdminError or a network failure. */
export function explainFailure(error: unknown, endpoints: Endpoints): string {
  if (error instanceof AdminError) {
    if (error.status === 401) return 'The admin token was refused. Sign in again with the token that `npm start` printed (also in .fedlab/admin-token).';
    return `${error.message} (${error.status} ${error.code})`;
  }
  if (error instanceof TypeError) return `Cannot reach the Access Edge at ${endpoints.edge} or the home server at ${endpoints.home}. Is the topology running (npm start)?`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Checks a token with a real call before the page shows anything: the edge answers GET /api/state only to the
 * admin token. Resolves with a client that carries the token on every call, and the edge's state.
 */
export async function signIn(endpoints: Endpoints, typed: string): Promise<{ client: AdminClient; state: EdgeState }> {
  const token = typed.trim();
  if (!token) throw new SignInError('Enter the admin token.');
  // Every change made from the page is audited as the page's (X-Fedlab-Actor: page).
  const client = new AdminClient(endpoints, token, 'page');
  try {
    return { client, state: await client.state() };
  } catch (error) {
    if (error instanceof AdminError && error.status === 401) {
      throw new SignInError('That is not the admin token: the Access Edge refused it. Use the token printed by `npm start` (also in .fedlab/admin-token, or the value of FEDLAB_ADMIN_TOKEN).');
    }
    if (error instanceof TypeError) throw new SignInError(`Cannot reach the Access Edge at ${endpoints.edge}. Is the topology running (npm start)?`);
    throw new SignInError(explainFailure(error, endpoints));
  }
}

/** The token for this browser tab only (sessionStorage): never in a URL, forgotten on sign-out or when the tab closes. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

const KEY = 'fedlab.admin.token';

export function tabTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = globalThis.sessionStorage): TokenStore {
  let memory: string | null = null;
  return {
    get: () => {
      try {
        return storage?.getItem(KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set: (token) => {
      memory = token;
      try {
        storage?.setItem(KEY, token);
      } catch {
        // Storage refused (private mode): the token stays in memory only.
      }
    },
    clear: () => {
      memory = null;
      try {
        storage?.removeItem(KEY);
      } catch {
        // nothing stored
      }
    },
  };
}
