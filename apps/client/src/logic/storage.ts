import { normalizeAddress, type Address } from '@fedlab/protocol';

/**
 * Who this tab is signed in as, kept in sessionStorage so a reload keeps the person signed in while each tab stays
 * its own person. Only the address: there are no secrets in fedlab's sign-in.
 */
const KEY = 'fedlab.client.address';

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function rememberedAddress(storage: KeyValue | undefined): Address | undefined {
  const value = storage?.getItem(KEY);
  return value ? normalizeAddress(value) : undefined;
}

export function rememberAddress(storage: KeyValue | undefined, address: Address): void {
  storage?.setItem(KEY, address);
}

export function forgetAddress(storage: KeyValue | undefined): void {
  storage?.removeItem(KEY);
}
