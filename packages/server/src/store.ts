import Database from 'libsql';

/**
 * The embedded database that keeps what admins and users set. A small document store on SQLite: one row per
 * entity, JSON values, grouped in collections. `:memory:` gives tests a fresh one through the same code.
 */
export class Store {
  readonly #db: InstanceType<typeof Database>;
  readonly #get;
  readonly #put;
  readonly #delete;
  readonly #list;
  readonly #clear;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('CREATE TABLE IF NOT EXISTS docs (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key))');
    this.#get = this.#db.prepare('SELECT value FROM docs WHERE collection = ? AND key = ?');
    this.#put = this.#db.prepare('INSERT INTO docs (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value');
    this.#delete = this.#db.prepare('DELETE FROM docs WHERE collection = ? AND key = ?');
    this.#list = this.#db.prepare('SELECT value FROM docs WHERE collection = ? ORDER BY rowid');
    this.#clear = this.#db.prepare('DELETE FROM docs WHERE collection = ?');
  }

  get<T>(collection: string, key: string): T | undefined {
    const row = this.#get.get(collection, key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  put(collection: string, key: string, value: unknown): void {
    this.#put.run(collection, key, JSON.stringify(value));
  }

  delete(collection: string, key: string): void {
    this.#delete.run(collection, key);
  }

  list<T>(collection: string): T[] {
    return (this.#list.all(collection) as { value: string }[]).map((row) => JSON.parse(row.value) as T);
  }

  clear(collection: string): void {
    this.#clear.run(collection);
  }

  /** Runs `work` atomically: a change of several documents lands whole or not at all. */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  close(): void {
    this.#db.close();
  }
}
