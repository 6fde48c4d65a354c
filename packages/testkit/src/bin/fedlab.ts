import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { linkSecretsFor, newSecret, parseLinkSecrets } from '@fedlab/server';
import { loadTopology } from '@fedlab/topology';
import { deployProcesses } from '../processes.ts';

const USAGE = `usage: fedlab <command>

  up [--topology FILE] [--dir DIR]   start the whole topology, every app its own process (Ctrl-C stops all)
  run <files or folders> [options]    run scenario files (see docs/scenarios.md)
  load <profile.yaml> [options]       run a load profile, with live progress and reports (see docs/load.md)
`;

const [command, ...args] = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A secret kept in the work dir so that restarts keep it (the admin page's token stays the same). */
function secret(dir: string, name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = newSecret();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/**
 * Each provider's link secret, kept in the work dir (link-secrets.json) so that restarts keep them: from
 * FEDLAB_LINK_SECRETS or the topology when they give one, else the kept one, else a new one.
 */
function linkSecrets(dir: string, providers: { id: string; linkSecret?: string }[]): Record<string, string> {
  const file = join(dir, 'link-secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const secrets = linkSecretsFor(providers, { ...kept, ...parseLinkSecrets(process.env.FEDLAB_LINK_SECRETS) });
  writeFileSync(file, `${JSON.stringify({ ...kept, ...secrets }, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

async function up(): Promise<void> {
  const workDir = resolve(option('--dir') ?? '.fedlab');
  mkdirSync(workDir, { recursive: true });
  const adminToken = secret(workDir, 'admin-token', process.env.FEDLAB_ADMIN_TOKEN);
  const internalToken = secret(workDir, 'internal-token', process.env.FEDLAB_INTERNAL_TOKEN);
  const password = secret(workDir, 'password', process.env.FEDLAB_PASSWORD);
  const topologyPath = option('--topology');
  const secrets = linkSecrets(workDir, loadTopology(topologyPath).providers);
  console.log('fedlab: starting the topology …');
  const d = await deployProcesses({ workDir, fixedPorts: true, webApps: true, adminToken, internalToken, password, linkSecrets: secrets, ...(topologyPath ? { topologyPath } : {}) });
  const row = (name: string, url: string, what: string) => console.log(`  ${name.padEnd(10)} ${url.padEnd(26)} ${what}`);
  console.log('\nfedlab is up:');
  row('client', d.endpoints.client!, 'chat client: open it and sign in as anyone');
  row('admin', d.endpoints.admin!, 'admin page (token below)');
  row('edge', d.endpoints.edge, 'Access Edge: admin REST /api, OpenAPI /openapi.json');
  row('home', d.endpoints.home, 'home server (contoso.test)');
  for (const p of d.topology.providers) row(p.id, d.endpoints.providers[p.id]!, `${p.name}: ${p.domains.join(', ')}`);
  console.log(`\nadmin token: ${adminToken}   (also in ${join(workDir, 'admin-token')})`);
  console.log(`password:    ${password}   (everyone's sign-in password unless the topology gives one; also in ${join(workDir, 'password')})`);
  console.log(`logs:        ${join(workDir, 'logs')}`);
  console.log('Ctrl-C stops everything.\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nfedlab: stopping …');
    await d.close();
    console.log('fedlab: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

switch (command) {
  case 'up':
    await up();
    break;
  case 'run': {
    const { runCli } = await import('../scenarios/cli.ts');
    process.exitCode = await runCli(args);
    break;
  }
  case 'load': {
    const { loadCli } = await import('../load/cli.ts');
    process.exitCode = await loadCli(args);
    break;
  }
  default:
    console.log(USAGE);
    process.exitCode = command ? 2 : 0;
}
