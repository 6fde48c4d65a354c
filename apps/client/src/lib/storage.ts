import { normalizeAddress, type Address } from '@fedlab/protocol';

/**
 * Who this tab is signed in as, kept in sessionStorage so a reload keeps the person signed in while each tab stays
 * its own person: the address, and the password typed (sessionStorage is this tab's only, and gone with it).
 */
const KEY = 'fedlab.client.address';
const PASSWORD = 'fedlab.client.password';

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function rememberedAddress(storage: KeyValue | undefined): Address | undefined {
  const value = storage?.getItem(KEY);
  return value ? normalizeAddress(value) : undefined;
}

export function rememberedPassword(storage: KeyValue | undefined): string | undefined {
  return storage?.getItem(PASSWORD) ?? undefined;
}

export function rememberAddress(storage: KeyValue | undefined, address: Address, password?: string): void {
  storage?.setItem(KEY, address);
  if (password) storage?.setItem(PASSWORD, password);
  else storage?.removeItem(PASSWORD);
}

export function forgetAddress(storage: KeyValue | undefined): void {
  storage?.removeItem(KEY);
  storage?.removeItem(PASSWORD);
}
