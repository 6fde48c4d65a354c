import { ConfigError } from './env.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Which browser origins may use a server (socket.io and REST). A request that carries an `Origin` header from
 * any other origin is refused; a request with none (tools, bots, the CLI, servers dialing each other) passes:
 * only browsers send one, and a browser always does on cross-origin and WebSocket requests.
 */
export class OriginPolicy {
  readonly #allowed = new Set<string>();
  #anyOrigin = false;

  constructor(origins: Iterable<string> = []) {
    for (const origin of origins) this.allow(origin);
  }

  /** Every origin: for servers of public files only (the web apps' assets and /config.json, which hold no secret). */
  static any(): OriginPolicy {
    const policy = new OriginPolicy();
    policy.#anyOrigin = true;
    return policy;
  }

  /** Adds an origin (`scheme://host[:port]`); a URL is cut to its origin. */
  allow(origin: string): void {
    this.#allowed.add(normalizeOrigin(origin));
  }

  /** Whether a request with this `Origin` header may pass (none: yes; `null` or anything unlisted: no). */
  allows(origin: string | undefined): boolean {
    if (origin === undefined || this.#anyOrigin) return true;
    try {
      return this.#allowed.has(normalizeOrigin(origin));
    } catch {
      return false;
    }
  }

  list(): string[] {
    return [...this.#allowed];
  }
}

function normalizeOrigin(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`not an http(s) origin: ${value}`);
  return url.origin;
}

/**
 * The default allowed origins: the chat client's and the admin page's own, at the host the browser uses
 * (`FEDLAB_PUBLIC_HOST`). A loopback host also allows its other loopback names (127.0.0.1, localhost, [::1]),
 * so that opening the page at http://localhost:7400 works as well as at http://127.0.0.1:7400.
 */
export function defaultOrigins(publicHost: string, ports: number[]): string[] {
  const host = publicHost.includes(':') && !publicHost.startsWith('[') ? `[${publicHost}]` : publicHost;
  const hosts = LOOPBACK_NAMES.includes(host) ? LOOPBACK_NAMES : [host];
  return ports.flatMap((port) => hosts.map((h) => `http://${h}:${port}`));
}

type Env = Record<string, string | undefined>;

/**
 * The allowed origins from the environment: the defaults for the topology's web app ports (or
 * FEDLAB_CLIENT_PORT / FEDLAB_ADMIN_PORT) at FEDLAB_PUBLIC_HOST, plus FEDLAB_ALLOWED_ORIGINS (comma-separated).
 */
export function originsFromEnv(env: Env, topologyPorts: { client?: number; admin?: number }): OriginPolicy {
  const publicHost = env.FEDLAB_PUBLIC_HOST || '127.0.0.1';
  const port = (name: string, fallback: number) => (env[name] && /^\d+$/.test(env[name]!) ? Number(env[name]) : fallback);
  const policy = new OriginPolicy(defaultOrigins(publicHost, [port('FEDLAB_CLIENT_PORT', topologyPorts.client ?? 7400), port('FEDLAB_ADMIN_PORT', topologyPorts.admin ?? 7500)]));
  for (const extra of (env.FEDLAB_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    try {
      policy.allow(extra);
    } catch {
      throw new ConfigError(`FEDLAB_ALLOWED_ORIGINS: "${extra}" is not an origin like http://host:port`);
    }
  }
  return policy;
}
