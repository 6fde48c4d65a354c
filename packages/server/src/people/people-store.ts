import type { Address, UserLists } from '@fedlab/protocol';
import type { ListsView } from '@fedlab/policy';
import type { Statement, Store } from '../store.ts';

/** One person a server serves: an internal user (home) or a provider's user. */
export interface Person<D> {
  address: Address;
  displayName: string;
  /** The personal note shown beside the presence; kept across sign-outs and restarts. */
  note: string;
  /** The app's own fields: enablement and settings at the home server, `verified` at a provider. */
  data: D;
}

/** How a person starts, from the topology (or an admin creating one at run time). */
export interface PersonSeed<D> {
  address: Address;
  displayName: string;
  data: D;
  lists?: Partial<UserLists>;
}

export type ListName = 'allow' | 'block';
export type ListChangeResult = 'changed' | 'unchanged' | 'full';

const PEOPLE = 'people';
/** One row per list entry: a change costs one INSERT or DELETE at any list size. */
export const LIST_ENTRIES_TABLE = 'CREATE TABLE IF NOT EXISTS list_entries (owner TEXT NOT NULL, list TEXT NOT NULL, address TEXT NOT NULL, PRIMARY KEY (owner, list, address))';

/**
 * The people of one server and their Allow and Block lists, in SQLite. A person is one document; each list entry
 * is a row of its own, so that one change costs the same at any list size (one INSERT or DELETE, never the whole
 * list rewritten). Everything is also held in memory (sets per list) for the rules to read without copying.
 * Each list holds at most `maxListEntries` entries.
 *
 * The topology says who exists and how each starts; once stored, the stored person wins on the next start.
 */
export class PeopleStore<D> {
  readonly #people = new Map<Address, Person<D>>();
  readonly #lists = new Map<Address, Record<ListName, Set<Address>>>();
  readonly #insert: Statement;
  readonly #remove: Statement;
  readonly #dropOwner: Statement;
  readonly #dropAll: Statement;

  constructor(readonly store: Store, readonly seed: PersonSeed<D>[], readonly maxListEntries: number) {
    store.table(LIST_ENTRIES_TABLE);
    this.#insert = store.statement('INSERT OR IGNORE INTO list_entries (owner, list, address) VALUES (?, ?, ?)');
    this.#remove = store.statement('DELETE FROM list_entries WHERE owner = ? AND list = ? AND address = ?');
    this.#dropOwner = store.statement('DELETE FROM list_entries WHERE owner = ?');
    this.#dropAll = store.statement('DELETE FROM list_entries');
    for (const person of store.list<Person<D>>(PEOPLE)) this.#people.set(person.address, person);
    const rows = store.statement('SELECT owner, list, address FROM list_entries ORDER BY rowid').all<{ owner: Address; list: ListName; address: Address }>();
    for (const row of rows) this.#listsOf(row.owner)[row.list].add(row.address);
    store.transaction(() => {
      for (const s of seed) if (!this.#people.has(s.address)) this.#add(s);
    });
  }

  get(address: Address): Person<D> | undefined {
    return this.#people.get(address);
  }

  all(): Person<D>[] {
    return [...this.#people.values()];
  }

  /** Adds a person at run time; undefined when the address is taken. */
  create(seed: PersonSeed<D>): Person<D> | undefined {
    if (this.#people.has(seed.address)) return undefined;
    return this.store.transaction(() => this.#add(seed));
  }

  remove(address: Address): boolean {
    if (!this.#people.has(address)) return false;
    this.store.transaction(() => {
      this.store.delete(PEOPLE, address);
      this.#dropOwner.run(address);
    });
    this.#people.delete(address);
    this.#lists.delete(address);
    return true;
  }

  /** Back to the topology: people created at run time are gone, everyone else starts as the topology says. */
  reset(): void {
    this.store.transaction(() => {
      this.store.clear(PEOPLE);
      this.#dropAll.run();
      this.#people.clear();
      this.#lists.clear();
      for (const s of this.seed) this.#add(s);
    });
  }

  /** Applies a change to a copy and stores it; the person changes only once it is stored. */
  update(address: Address, change: (person: Person<D>) => void): Person<D> | undefined {
    const person = this.#people.get(address);
    if (!person) return undefined;
    const next = structuredClone(person);
    change(next);
    this.store.put(PEOPLE, address, next);
    this.#people.set(address, next);
    return next;
  }

  /** The person's lists as the rules read them, without copying. */
  lists(address: Address): ListsView {
    const lists = this.#listsOf(address);
    return { allow: { includes: (a) => lists.allow.has(a) }, block: { includes: (a) => lists.block.has(a) } };
  }

  entries(address: Address): UserLists {
    const lists = this.#listsOf(address);
    return { allow: [...lists.allow], block: [...lists.block] };
  }

  onList(address: Address, list: ListName, other: Address): boolean {
    return !!this.#lists.get(address)?.[list].has(other);
  }

  /** Adds or removes one entry: one row written. `full` when the list already holds `maxListEntries`. */
  changeList(address: Address, list: ListName, op: 'add' | 'remove', other: Address): ListChangeResult {
    const set = this.#listsOf(address)[list];
    if (op === 'add') {
      if (set.has(other)) return 'unchanged';
      if (set.size >= this.maxListEntries) return 'full';
      this.#insert.run(address, list, other);
      set.add(other);
    } else {
      if (!set.has(other)) return 'unchanged';
      this.#remove.run(address, list, other);
      set.delete(other);
    }
    return 'changed';
  }

  #add(seed: PersonSeed<D>): Person<D> {
    const person: Person<D> = { address: seed.address, displayName: seed.displayName, note: '', data: structuredClone(seed.data) };
    this.store.put(PEOPLE, person.address, person);
    this.#people.set(person.address, person);
    this.#dropOwner.run(person.address);
    this.#lists.delete(person.address);
    for (const list of ['allow', 'block'] as const) {
      for (const other of (seed.lists?.[list] ?? []).slice(0, this.maxListEntries)) {
        this.#insert.run(person.address, list, other);
        this.#listsOf(person.address)[list].add(other);
      }
    }
    return person;
  }

  #listsOf(address: Address): Record<ListName, Set<Address>> {
    let lists = this.#lists.get(address);
    if (!lists) this.#lists.set(address, (lists = { allow: new Set(), block: new Set() }));
    return lists;
  }
}
