import type { Address } from '@fedlab/protocol';

interface OpenSession {
  a: Address;
  b: Address;
  /** When a request last travelled in it (invite, message, typing). */
  active: number;
}

/**
 * Open IM sessions: a session id, its two participants, and when it was last used (idle sessions end: see
 * `idle`). Indexed by person, so that counting or ending a person's sessions costs the same at any size.
 */
export class Sessions {
  readonly #byId = new Map<string, OpenSession>();
  readonly #byPerson = new Map<Address, Set<string>>();

  constructor(readonly now: () => number = Date.now) {}

  open(id: string, a: Address, b: Address): void {
    this.close(id);
    this.#byId.set(id, { a, b, active: this.now() });
    for (const p of [a, b]) {
      let ids = this.#byPerson.get(p);
      if (!ids) this.#byPerson.set(p, (ids = new Set()));
      ids.add(id);
    }
  }

  /** Whether the session exists and joins exactly these two people. */
  joins(id: string, x: Address, y: Address): boolean {
    const s = this.#byId.get(id);
    return !!s && ((s.a === x && s.b === y) || (s.a === y && s.b === x));
  }

  /** Notes that the session was used now. */
  touch(id: string): void {
    const s = this.#byId.get(id);
    if (s) s.active = this.now();
  }

  /** Closes the session; returns its two people, or undefined when it was not open. */
  close(id: string): [Address, Address] | undefined {
    const s = this.#byId.get(id);
    if (!s) return undefined;
    this.#byId.delete(id);
    for (const p of [s.a, s.b]) {
      const ids = this.#byPerson.get(p);
      ids?.delete(id);
      if (ids && !ids.size) this.#byPerson.delete(p);
    }
    return [s.a, s.b];
  }

  /** Sessions in which `address` takes part, with the other participant. */
  of(address: Address): { id: string; peer: Address }[] {
    return [...(this.#byPerson.get(address) ?? [])].map((id) => {
      const s = this.#byId.get(id)!;
      return { id, peer: s.a === address ? s.b : s.a };
    });
  }

  countOf(address: Address): number {
    return this.#byPerson.get(address)?.size ?? 0;
  }

  /** Every open session with its two people. */
  all(): { id: string; between: [Address, Address] }[] {
    return [...this.#byId].map(([id, s]) => ({ id, between: [s.a, s.b] }));
  }

  /** Sessions unused for at least `idleMs`. */
  idle(idleMs: number): { id: string; between: [Address, Address] }[] {
    const since = this.now() - idleMs;
    return [...this.#byId].filter(([, s]) => s.active <= since).map(([id, s]) => ({ id, between: [s.a, s.b] }));
  }

  clear(): void {
    this.#byId.clear();
    this.#byPerson.clear();
  }
}
