import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTopology } from '@fedlab/topology';

/**
 * No Docker engine runs on the development machines, so docker-compose.yml is kept honest here instead of being
 * run: one service per app (and per topology provider), the default topology's ports and FQDNs, health checks,
 * secrets from the environment only, the README's ports, and a Dockerfile that installs every workspace.
 */
const ROOT = new URL('../../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: ({ target: number | string; published?: number | string; host_ip?: string } | string | number)[];
  networks?: Record<string, { aliases?: string[] } | null> | string[];
  volumes?: (string | { type: string; source?: string; target: string })[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = Object.entries(compose.services);
const topology = loadTopology();

/** What Compose interpolates: `${VAR:-default}` gives its default here; `${VAR:?message}` stays a reference. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+):-([^}]*)\}/g, (_all, _name: string, fallback: string) => fallback);
}

function env(service: Service): Record<string, string> {
  const raw = service.environment ?? {};
  const pairs: [string, string][] = Array.isArray(raw)
    ? raw.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(raw).map(([k, v]) => [k, String(v ?? '')]);
  return Object.fromEntries(pairs);
}

/** The app a service runs: `apps/<app>/src/bin.ts` in its command. */
function appOf(service: Service): string | undefined {
  const command = Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
  return /apps\/([a-z-]+)\/src\/bin\.ts/.exec(command)?.[1];
}

function published(service: Service): { target: number; published: number; hostIp?: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { target: Number(port.target), published: Number(port.published), ...(port.host_ip ? { hostIp: interpolate(port.host_ip) } : {}) };
    }
    const parts = String(port).split(':');
    return { target: Number(parts.at(-1)), published: Number(parts.at(-2) ?? parts.at(-1)) };
  });
}

function aliases(service: Service): string[] {
  const networks = service.networks;
  if (!networks || Array.isArray(networks)) return [];
  return Object.values(networks).flatMap((n) => n?.aliases ?? []);
}

/** The port each service's app listens on, by the default topology. */
function topologyPort(name: string, app: string): number | undefined {
  if (app === 'provider') return topology.providers.find((p) => p.id === name)?.port;
  if (app === 'home') return topology.home.port;
  if (app === 'edge') return topology.edge.port;
  if (app === 'client') return topology.client?.port;
  if (app === 'admin') return topology.admin?.port;
  return undefined;
}

const appDirs = readdirSync(new URL('apps/', ROOT), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`apps/${d.name}/src/bin.ts`, ROOT)))
  .map((d) => d.name)
  .sort();

describe('docker-compose.yml and apps/', () => {
  it('runs every app, each service one app with tsx (called directly: npx would not pass SIGTERM on)', () => {
    expect(appDirs.length).toBeGreaterThan(0);
    expect([...new Set(services.map(([, s]) => appOf(s)))].sort()).toEqual(appDirs);
    for (const [name, service] of services) {
      const command = Array.isArray(service.command) ? service.command : [];
      expect({ name, command }).toEqual({ name, command: ['tsx', `apps/${appOf(service)}/src/bin.ts`] });
    }
  });

  it('gives every app but the provider a service named after it', () => {
    for (const app of appDirs.filter((a) => a !== 'provider')) {
      expect({ app, service: appOf(compose.services[app] ?? {}) }).toEqual({ app, service: app });
    }
  });

  it('runs one provider service per topology provider, from the same image, with its own FEDLAB_PROVIDER', () => {
    const providers = services.filter(([, s]) => appOf(s) === 'provider');
    expect(providers.map(([name]) => name).sort()).toEqual(topology.providers.map((p) => p.id).sort());
    for (const [name, service] of providers) expect({ name, FEDLAB_PROVIDER: env(service).FEDLAB_PROVIDER }).toEqual({ name, FEDLAB_PROVIDER: name });
  });

  it('builds one image from the root Dockerfile for every service', () => {
    const [first] = services;
    expect(first![1].image).toBeTruthy();
    for (const [name, service] of services) {
      expect({ name, image: service.image, build: service.build }).toEqual({ name, image: first![1].image, build: { context: '.', dockerfile: 'Dockerfile' } });
    }
  });

  it('sets only settings that the app reads (each app\'s src/config.ts)', () => {
    for (const [name, service] of services) {
      const config = read(`apps/${appOf(service)}/src/config.ts`);
      for (const key of Object.keys(env(service))) expect({ name, key, readByApp: new RegExp(`\\b${key}\\b`).test(config) }).toEqual({ name, key, readByApp: true });
    }
  });
});

describe('docker-compose.yml and the default topology', () => {
  it('listens on 0.0.0.0 in every container, and publishes each app\'s topology port on the same host port', () => {
    for (const [name, service] of services) {
      const port = topologyPort(name, appOf(service)!);
      expect({ name, port: port !== undefined }).toEqual({ name, port: true });
      expect({ name, bind: env(service).FEDLAB_BIND }).toEqual({ name, bind: '0.0.0.0' });
      expect({ name, ports: published(service).map(({ target, published: p }) => ({ target, published: p })) }).toEqual({ name, ports: [{ target: port, published: port }] });
      // The app must not be told to listen elsewhere than the port published.
      for (const [key, value] of Object.entries(env(service))) {
        if (/^FEDLAB_[A-Z]+_PORT$/.test(key)) expect({ name, key, value: Number(value) }).toEqual({ name, key, value: port });
      }
    }
  });

  it('publishes on loopback unless told otherwise', () => {
    for (const [name, service] of services) {
      for (const p of published(service)) expect({ name, hostIp: p.hostIp }).toEqual({ name, hostIp: '127.0.0.1' });
    }
  });

  it('checks the health of every service at GET /health on its port', () => {
    for (const [name, service] of services) {
      const test = service.healthcheck?.test;
      expect({ name, hasTest: Array.isArray(test) && !service.healthcheck?.disable }).toEqual({ name, hasTest: true });
      const [kind, ...command] = test as string[];
      const port = topologyPort(name, appOf(service)!);
      expect({ name, kind }).toEqual({ name, kind: 'CMD' });
      expect({ name, checks: command.join(' ').includes(`http://127.0.0.1:${port}/health`) }).toEqual({ name, checks: true });
    }
  });

  it('answers for each provider at its Access Edge FQDN, and for the edge at its own', () => {
    for (const p of topology.providers) expect({ provider: p.id, aliases: aliases(compose.services[p.id] ?? {}) }).toEqual({ provider: p.id, aliases: [p.fqdn] });
    expect(aliases(compose.services.edge!)).toEqual([topology.edge.fqdn]);
    // The edge resolves FQDNs through the DNS (the aliases), not the topology's hosts map (127.0.0.1).
    expect(env(compose.services.edge!).FEDLAB_HOSTS).toBe('dns');
    expect(env(compose.services.home!).FEDLAB_EDGE_URL).toBe(`http://${topology.edge.fqdn}:${topology.edge.port}`);
  });

  it('tells the browser apps to reach the servers at localhost', () => {
    for (const app of ['client', 'admin']) expect({ app, host: env(compose.services[app]!).FEDLAB_PUBLIC_HOST }).toEqual({ app, host: 'localhost' });
  });

  it('keeps the edge\'s and the home server\'s state in named volumes', () => {
    for (const name of ['edge', 'home']) {
      const service = compose.services[name]!;
      const dir = env(service).FEDLAB_DATA_DIR;
      expect({ name, dir }).toEqual({ name, dir: expect.stringMatching(/^\//) });
      const mounts = (service.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v));
      const mount = mounts.find((m) => m.target === dir);
      expect({ name, volume: mount?.source }).toEqual({ name, volume: expect.any(String) });
      expect({ name, declared: Object.hasOwn(compose.volumes ?? {}, mount!.source!) }).toEqual({ name, declared: true });
    }
  });
});

describe('docker-compose.yml and secrets', () => {
  const SECRETS = ['FEDLAB_ADMIN_TOKEN', 'FEDLAB_INTERNAL_TOKEN', 'FEDLAB_PASSWORD'];
  const required = (variable: string) => new RegExp(`^\\$\\{${variable}:\\?[^}]*\\}$`);
  const linkSecretVariable = (id: string) => `FEDLAB_LINK_SECRET_${id.toUpperCase()}`;
  const holders = (key: string) => services.filter(([, s]) => env(s)[key] !== undefined).map(([name]) => name).sort();

  it('takes the tokens and the password from the environment (or .env), required, never written in the file', () => {
    for (const [name, service] of services) {
      for (const key of SECRETS) {
        const value = env(service)[key];
        if (value !== undefined) expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(required(key)) });
      }
    }
  });

  it('gives the internal link secret to the home server and the edge only, the admin token and the password to no web app', () => {
    expect(holders('FEDLAB_INTERNAL_TOKEN')).toEqual(['edge', 'home']);
    expect(holders('FEDLAB_ADMIN_TOKEN')).toEqual(['edge', 'home', ...topology.providers.map((p) => p.id)].sort());
    expect(holders('FEDLAB_PASSWORD')).toEqual(['home', ...topology.providers.map((p) => p.id)].sort());
  });

  it('gives each provider its own link secret, and the edge every one of them, from the environment only', () => {
    expect(holders('FEDLAB_LINK_SECRET')).toEqual(topology.providers.map((p) => p.id).sort());
    for (const p of topology.providers) {
      expect({ provider: p.id, secret: env(compose.services[p.id]!).FEDLAB_LINK_SECRET }).toEqual({ provider: p.id, secret: expect.stringMatching(required(linkSecretVariable(p.id))) });
    }
    const pairs = env(compose.services.edge!).FEDLAB_LINK_SECRETS!.split(',').map((pair) => pair.split('=', 2) as [string, string]);
    expect(pairs.map(([id]) => id).sort()).toEqual(topology.providers.map((p) => p.id).sort());
    for (const [id, value] of pairs) expect({ id, value }).toEqual({ id, value: expect.stringMatching(required(linkSecretVariable(id))) });
    expect(holders('FEDLAB_LINK_SECRETS')).toEqual(['edge']);
  });

  it('keeps .env and local state out of the image', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['.env', '.fedlab', '**/node_modules', '.git']) expect({ entry, ignored: ignored.includes(entry) }).toEqual({ entry, ignored: true });
  });
});

describe('Dockerfile', () => {
  it('installs from every workspace\'s package.json before copying the sources', () => {
    const dockerfile = read('Dockerfile');
    const patterns = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    const workspaces = patterns.flatMap((pattern) => {
      if (!pattern.endsWith('/*')) return [pattern];
      const dir = pattern.slice(0, -2);
      return readdirSync(new URL(`${dir}/`, ROOT), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`);
    }).filter((w) => existsSync(new URL(`${w}/package.json`, ROOT)));
    const install = dockerfile.indexOf('RUN npm ci');
    expect(install).toBeGreaterThan(0);
    for (const w of workspaces) {
      const copy = dockerfile.indexOf(`COPY ${w}/package.json ${w}/`);
      expect({ workspace: w, copiedBeforeInstall: copy > 0 && copy < install }).toEqual({ workspace: w, copiedBeforeInstall: true });
    }
    expect(dockerfile).toMatch(/RUN npm run build/);
  });
});

describe('docker-compose.yml and README.md', () => {
  /** The README's ports table: rows like `| edge | 7200 | … |` under a `| app | port | … |` header. */
  function readmePorts(): Map<string, number> | undefined {
    if (!existsSync(new URL('README.md', ROOT))) return undefined;
    const lines = read('README.md').split('\n');
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''));
    const header = lines.findIndex((l) => l.trim().startsWith('|') && cells(l)[0]?.toLowerCase() === 'app' && cells(l)[1]?.toLowerCase() === 'port');
    if (header < 0) return undefined;
    const rows = new Map<string, number>();
    for (const line of lines.slice(header + 2)) {
      if (!line.trim().startsWith('|')) break;
      const [app, port] = cells(line);
      rows.set(app!, Number(port));
    }
    return rows;
  }

  it('publishes exactly the ports of the README\'s ports table', (ctx) => {
    const table = readmePorts();
    if (!table) ctx.skip('README.md has no ports table yet (a `| app | port | … |` table with rows like `| edge | 7200 | … |`)');
    const fromCompose = new Map(services.map(([name, s]) => [name, published(s)[0]?.published]));
    expect(Object.fromEntries(fromCompose)).toEqual(Object.fromEntries(table!));
  });
});
