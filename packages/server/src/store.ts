import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';

type Db = InstanceType<typeof Database>;

/**
 * The data file cannot be used at start: corrupt, not a database, or not writable. The message is one line that
 * names the file and what to do; the app's bin prints it and exits non-zero.
 */
export class DataFileError extends Error {
  override name = 'DataFileError';
  constructor(readonly path: string, readonly sqliteCode: string | undefined, why: string) {
    super(`cannot use the data file ${path}: ${why}. ${adviceFor(sqliteCode)}`);
  }
}

/** A write (or read) that failed while the app was running: the caller is answered, the process keeps serving. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(readonly sqliteCode: string | undefined, message: string) {
    super(message);
  }
}

function adviceFor(code: string | undefined): string {
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return 'It is damaged or not a fedlab database: move it aside (or delete it to start over) and start again';
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_IOERR':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENOTDIR':
    case 'ENOENT':
      return 'Make its directory writable, or point FEDLAB_DATA_DIR at a writable directory';
    default:
      return 'Check the file and its directory, or point FEDLAB_DATA_DIR elsewhere';
  }
}

/** Makes the data file's directory, or says in one line why it cannot be made (a DataFileError). */
export function ensureDataDir(database: string): void {
  if (database === ':memory:') return;
  try {
    // Level by level: Node's recursive mkdir never returns on some special file systems (/proc).
    const missing: string[] = [];
    for (let dir = dirname(database); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) missing.unshift(dir);
    for (const dir of missing) mkdirSync(dir);
  } catch (error) {
    throw new DataFileError(database, codeOf(error), `its directory cannot be created (${messageOf(error)})`);
  }
}

const codeOf = (error: unknown): string | undefined => (error as { code?: unknown })?.code as string | undefined;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');

/** A prepared statement whose failures are StorageErrors. */
export interface Statement {
  run(...params: unknown[]): void;
  get<T>(...params: unknown[]): T | undefined;
  all<T>(...params: unknown[]): T[];
}

/**
 * The embedded database that keeps what admins and users set. A small document store on SQLite (one row per
 * entity, JSON values, grouped in collections), plus tables of their own for modules that need one row per entry
 * (`table`, `statement`). `:memory:` gives tests a fresh one through the same code.
 *
 * Opening checks the file at once: it must be a database and writable (a probe write), so that a corrupt file
 * or a read-only data dir stops the app at start (`DataFileError`) instead of at the first change.
 */
export class Store {
  readonly #db: Db;
  readonly #get;
  readonly #put;
  readonly #delete;
  readonly #list;
  readonly #clear;

  constructor(readonly path: string) {
    try {
      this.#db = new Database(path);
      this.#db.exec('PRAGMA journal_mode = WAL');
      // With WAL, NORMAL is safe against a crash of the process (SIGKILL included): only a power loss could lose
      // the last changes, never corrupt the file. A change then costs microseconds instead of an fsync.
      this.#db.exec('PRAGMA synchronous = NORMAL');
      this.#db.exec('CREATE TABLE IF NOT EXISTS docs (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key))');
      // The probe write: a read-only file or directory fails here, at start, not at the first change.
      this.#db.exec("INSERT INTO docs (collection, key, value) VALUES ('meta', 'opened', '0') ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value");
    } catch (error) {
      // libsql reports a file it cannot open as `ConnectionFailed("… : 14")`: SQLite's CANTOPEN, in words.
      const cannotOpen = /Unable to open connection/.test(messageOf(error));
      throw new DataFileError(path, cannotOpen ? 'SQLITE_CANTOPEN' : codeOf(error), cannotOpen ? 'it cannot be opened or created' : messageOf(error));
    }
    this.#get = this.statement('SELECT value FROM docs WHERE collection = ? AND key = ?');
    this.#put = this.statement('INSERT INTO docs (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value');
    this.#delete = this.statement('DELETE FROM docs WHERE collection = ? AND key = ?');
    this.#list = this.statement('SELECT value FROM docs WHERE collection = ? ORDER BY rowid');
    this.#clear = this.statement('DELETE FROM docs WHERE collection = ?');
  }

  get<T>(collection: string, key: string): T | undefined {
    const row = this.#get.get<{ value: string }>(collection, key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  put(collection: string, key: string, value: unknown): void {
    this.#put.run(collection, key, JSON.stringify(value));
  }

  delete(collection: string, key: string): void {
    this.#delete.run(collection, key);
  }

  list<T>(collection: string): T[] {
    return this.#list.all<{ value: string }>(collection).map((row) => JSON.parse(row.value) as T);
  }

  clear(collection: string): void {
    this.#clear.run(collection);
  }

  /** Creates a table (and its indexes) of a module's own, if it is not there yet. */
  table(...ddl: string[]): void {
    this.#guarded(() => {
      for (const sql of ddl) this.#db.exec(sql);
    });
  }

  /** A prepared statement on this database; a failure to run it is a StorageError. */
  statement(sql: string): Statement {
    const prepared = this.#guarded(() => this.#db.prepare(sql));
    return {
      run: (...params) => void this.#guarded(() => prepared.run(...params)),
      get: <T>(...params: unknown[]) => this.#guarded(() => prepared.get(...params) as T | undefined),
      all: <T>(...params: unknown[]) => this.#guarded(() => prepared.all(...params) as T[]),
    };
  }

  /** Runs `work` atomically: a change of several rows lands whole or not at all. */
  transaction<T>(work: () => T): T {
    return this.#guarded(() => this.#db.transaction(work)());
  }

  close(): void {
    this.#db.close();
  }

  #guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof StorageError || !codeOf(error)?.startsWith('SQLITE')) throw error;
      throw new StorageError(codeOf(error), `${this.path}: ${messageOf(error)}`);
    }
  }
}
