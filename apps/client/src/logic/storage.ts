import { isAddress, normalizeAddress, PRESENCE_STATES, type Address, type PresenceState } from '@fedlab/protocol';

/**
 * What the browser keeps for the client.
 *
 * - This tab's sign-in (sessionStorage): the address and the password typed, so that a reload keeps the person
 *   signed in while each tab stays its own person, as the admin page keeps its token. Forgotten at sign-out and
 *   when the tab closes; never in a URL.
 * - Per person, in this browser (localStorage): the status she chose last (the server keeps her note) and her
 *   conversation history (state/history.ts), so that both come back after a reload or the next sign-in.
 */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const SIGN_IN = 'fedlab.client.address';
const PASSWORD = 'fedlab.client.password';
const personKey = (address: Address, what: 'status' | 'history') => `fedlab.client.${what}.${address}`;

/** Calls the storage, or does nothing where the browser refuses it (private mode, quota). */
function attempt<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

export interface RememberedSignIn {
  address: Address;
  password?: string;
}

export function rememberedSignIn(storage: KeyValue | undefined): RememberedSignIn | undefined {
  const value = attempt(() => storage?.getItem(SIGN_IN), null);
  const address = value ? normalizeAddress(value) : undefined;
  if (!address) return undefined;
  const password = attempt(() => storage?.getItem(PASSWORD), null);
  return password ? { address, password } : { address };
}

export function rememberSignIn(storage: KeyValue | undefined, { address, password }: RememberedSignIn): void {
  attempt(() => {
    storage?.setItem(SIGN_IN, address);
    if (password) storage?.setItem(PASSWORD, password);
    else storage?.removeItem(PASSWORD);
  }, undefined);
}

export function forgetSignIn(storage: KeyValue | undefined): void {
  attempt(() => {
    storage?.removeItem(SIGN_IN);
    storage?.removeItem(PASSWORD);
  }, undefined);
}

/** The status the person chose last in this browser ("Appear offline" included). */
export function keptStatus(storage: KeyValue | undefined, address: Address): PresenceState | undefined {
  const value = attempt(() => storage?.getItem(personKey(address, 'status')), null);
  return (PRESENCE_STATES as readonly string[]).includes(value ?? '') ? (value as PresenceState) : undefined;
}

export function keepStatus(storage: KeyValue | undefined, address: Address, state: PresenceState): void {
  attempt(() => storage?.setItem(personKey(address, 'status'), state), undefined);
}

/** The person's conversation history as stored (unchecked JSON: state/history.ts checks it). */
export function keptHistory(storage: KeyValue | undefined, address: Address): unknown {
  if (!isAddress(address)) return undefined;
  const value = attempt(() => storage?.getItem(personKey(address, 'history')), null);
  return value ? attempt(() => JSON.parse(value) as unknown, undefined) : undefined;
}

export function keepHistory(storage: KeyValue | undefined, address: Address, history: unknown): void {
  attempt(() => storage?.setItem(personKey(address, 'history'), JSON.stringify(history)), undefined);
}
