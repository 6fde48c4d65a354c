/** A SIP-style address of one person: `user@domain`. Domains decide who serves a user. */
export type Address = string;

const ADDRESS_PATTERN = /^[a-z0-9._+-]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
export const ADDRESS_REGEX_SOURCE = ADDRESS_PATTERN.source;

export function isAddress(value: unknown): value is Address {
  return typeof value === 'string' && value.length <= 254 && ADDRESS_PATTERN.test(value);
}

/** Lower-cases and trims what a person typed; returns undefined when it is not an address. */
export function normalizeAddress(value: string): Address | undefined {
  const candidate = value.trim().toLowerCase();
  return isAddress(candidate) ? candidate : undefined;
}

export function domainOf(address: Address): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
