import { DataFileError } from './store.ts';

/** Reading settings from the environment, with a clear error for a bad value. Used by each app's config.ts. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function envString(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function envRequired(env: Env, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is required: ${why}`);
  return value;
}

export function envInt(env: Env, name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(`${name} must be a whole number from ${range.min} to ${range.max}, not "${raw}"`);
  }
  return value;
}

/** Runs a server from its bin file: listens, says where, and closes cleanly on Ctrl-C or SIGTERM. */
export async function runServer(name: string, server: { listen(port: number, host: string): Promise<number>; close(): Promise<void> }, port: number, host: string): Promise<void> {
  const actual = await server.listen(port, host);
  console.log(`${name} listening on http://${host}:${actual}`);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${name}: ${signal}, closing`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Starts an app from its bin file. A bad setting or an unusable data file stops it at once with one line (what
 * is wrong and what to do) and exit code 1, instead of a stack.
 */
export async function startOrExit(name: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof DataFileError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exit(1);
  }
}
