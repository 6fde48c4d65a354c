import type { Address } from '@fedlab/protocol';

/** Open IM sessions: a session id and its two participants. */
export class Sessions {
  readonly #byId = new Map<string, { a: Address; b: Address }>();

  open(id: string, a: Address, b: Address): void {
    this.#byId.set(id, { a, b });
  }

  /** Whether the session exists and joins exactly these two people. */
  joins(id: string, x: Address, y: Address): boolean {
    const s = this.#byId.get(id);
    return !!s && ((s.a === x && s.b === y) || (s.a === y && s.b === x));
  }

  close(id: string): void {
    this.#byId.delete(id);
  }

  /** Sessions in which `address` takes part, with the other participant. */
  of(address: Address): { id: string; peer: Address }[] {
    const found: { id: string; peer: Address }[] = [];
    for (const [id, s] of this.#byId) {
      if (s.a === address) found.push({ id, peer: s.b });
      else if (s.b === address) found.push({ id, peer: s.a });
    }
    return found;
  }

  clear(): void {
    this.#byId.clear();
  }
}
