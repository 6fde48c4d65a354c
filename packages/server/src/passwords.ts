import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Store } from './store.ts';

/** A salted scrypt hash: what is kept of a password, in memory and on disk. Never the password itself. */
interface Verifier {
  salt: string;
  hash: string;
}

/**
 * scrypt's cost, kept low on purpose: the testbed signs in thousands of bots, and generated passwords are 144 random
 * bits, out of reach of guessing at any cost. Raise it for passwords people choose (docs/security.md).
 */
const COST = { N: 1024, r: 8, p: 1 };
const KEY_LENGTH = 32;
const PASSWORDS = 'passwords';

function derive(password: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, COST, (error, key) => (error ? reject(error) : resolve(key))));
}

async function verifierOf(password: string): Promise<Verifier> {
  const salt = randomBytes(16).toString('base64url');
  return { salt, hash: (await derive(password, salt)).toString('base64url') };
}

/**
 * Who signs in with which password. Each person has their own (from the topology, or given by an admin when the
 * user was created at run time) or else the deployment's. Only salted hashes are kept; the run-time users' are
 * stored (when a store is given), so they survive a restart. Checks take the same time whether they match or not.
 */
export class PasswordBook {
  readonly #own = new Map<string, Verifier>();
  #deployment: Verifier | undefined;
  /** The topology's users' passwords: set again at every start, never stored. */
  readonly #seeded = new Set<string>();

  private constructor(readonly store: Store | undefined) {}

  /** `deployment`: everyone's password unless they have their own; `own`: the topology's per-user passwords. */
  static async create(deployment: string, own: { address: string; password?: string | undefined }[] = [], store?: Store): Promise<PasswordBook> {
    const book = new PasswordBook(store);
    book.#deployment = await verifierOf(deployment);
    for (const stored of store?.list<Verifier & { address: string }>(PASSWORDS) ?? []) book.#own.set(stored.address, { salt: stored.salt, hash: stored.hash });
    for (const { address, password } of own) {
      if (password === undefined) continue;
      book.#own.set(address, await verifierOf(password));
      book.#seeded.add(address);
    }
    return book;
  }

  /** Gives a user created at run time their own password (stored). */
  async setOwn(address: string, password: string): Promise<void> {
    const verifier = await verifierOf(password);
    this.#own.set(address, verifier);
    this.store?.put(PASSWORDS, address, { address, ...verifier });
  }

  /** Forgets a run-time user's own password (the user was deleted). */
  forget(address: string): void {
    if (this.#seeded.has(address)) return;
    this.#own.delete(address);
    this.store?.delete(PASSWORDS, address);
  }

  /** Forgets every run-time user's password (a reset back to the topology). */
  reset(): void {
    for (const address of [...this.#own.keys()]) this.forget(address);
    this.store?.clear(PASSWORDS);
  }

  async verify(address: string, given: unknown): Promise<boolean> {
    const verifier = this.#own.get(address) ?? this.#deployment!;
    // A missing password is checked like a wrong one, so both take the same time.
    const candidate = await derive(typeof given === 'string' ? given : '', verifier.salt);
    return timingSafeEqual(candidate, Buffer.from(verifier.hash, 'base64url'));
  }
}
