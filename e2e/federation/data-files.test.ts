import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '@fedlab/testkit';

/**
 * Data files, with the apps as real processes: a corrupt or unwritable data file stops an app at start with one
 * line and a non-zero exit; a provider killed with SIGKILL and started again keeps its users' state.
 */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const PASSWORD = 'the-deployment-password';
const TOKENS = { FEDLAB_ADMIN_TOKEN: 'adm', FEDLAB_INTERNAL_TOKEN: 'int', FEDLAB_PASSWORD: PASSWORD, FEDLAB_LINK_SECRET: 'the-yahoo-link-secret' };

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((clean) => clean()));

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-data-files-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Started {
  child: ChildProcess;
  /** The URL it listens on, or undefined when it exited first. */
  url: Promise<string | undefined>;
  exit: Promise<number | null>;
  output: () => string;
}

/** Starts an app's bin as its own process, as `npm start` does. */
function start(app: 'edge' | 'home' | 'provider', env: Record<string, string>): Started {
  const child = spawn(TSX, [join(REPO_ROOT, 'apps', app, 'src', 'bin.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...TOKENS, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string | undefined>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = / listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(() => resolve(undefined));
  });
  return { child, url, exit, output: () => output };
}

describe('a data file that cannot be used stops the app at start, with one line and a non-zero exit', () => {
  it('a corrupt edge.db', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'edge.db'), 'not a database: some text that fills more than one page of SQLite. '.repeat(100));
    const edge = start('edge', { FEDLAB_DATA_DIR: dir, FEDLAB_EDGE_PORT: '0' });
    expect(await edge.exit).toBe(1);
    expect(edge.output().trim()).toBe(`edge: cannot use the data file ${join(dir, 'edge.db')}: file is not a database. It is damaged or not a fedlab database: move it aside (or delete it to start over) and start again`);
  });

  it('a data dir the home server cannot write', async () => {
    // Root writes wherever a chmod says it may not, but never in /proc.
    const dir = process.getuid?.() === 0 ? '/proc/self' : workDir();
    if (dir !== '/proc/self') chmodSync(dir, 0o555);
    const home = start('home', { FEDLAB_DATA_DIR: dir, FEDLAB_HOME_PORT: '0', FEDLAB_EDGE_URL: 'http://127.0.0.1:9' });
    expect(await home.exit).toBe(1);
    const lines = home.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^home: cannot use the data file ${join(dir, 'home.db')}: .*point FEDLAB_DATA_DIR at a writable directory$`));
  });
});

describe('a provider keeps its users\' state in SQLite', () => {
  it('lists, notes, subscriptions and run-time users with their own password survive a SIGKILL and a restart', async () => {
    const dir = workDir();
    mkdirSync(join(dir, 'data'));
    const env = { FEDLAB_PROVIDER: 'yahoo', FEDLAB_PROVIDER_PORT: '0', FEDLAB_DATA_DIR: join(dir, 'data') };
    const first = start('provider', env);
    const url = await first.url;
    expect(url, first.output()).toBeDefined();
    const clients: Bot[] = [];
    cleanups.push(() => clients.forEach((c) => c.close()));
    const signIn = async (at: string, address: string, password = PASSWORD) => {
      const client = new Bot({ url: at, address, password, resubscribe: false });
      clients.push(client);
      await client.signedIn();
      return client;
    };
    const yuki = await signIn(url!, 'yuki@yahoo.test');
    const yan = await signIn(url!, 'yan@yahoo.test');
    expect(await yuki.changeList('allow', 'add', 'alice@contoso.test')).toEqual({ ok: true });
    expect(await yuki.changeList('block', 'add', 'troll@contoso.test')).toEqual({ ok: true });
    expect(await yuki.setPresence({ state: 'busy', note: 'kept across restarts' })).toEqual({ ok: true });
    expect((await yan.subscribe('yuki@yahoo.test')).code).toBe(200);
    const yara = { address: 'yara@yahoo.test', displayName: 'Yara', verified: true, password: 'yaras-own' };
    const created = await fetch(`${url}/api/users`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, body: JSON.stringify(yara) });
    expect(created.status).toBe(201);
    first.child.kill('SIGKILL');
    await first.exit;
    clients.forEach((c) => c.close());

    const second = start('provider', env);
    const again = await second.url;
    expect(again, second.output()).toBeDefined();
    const yanAgain = await signIn(again!, 'yan@yahoo.test');
    const welcome = await (await signIn(again!, 'yuki@yahoo.test')).signedIn();
    expect(welcome.profile.lists).toEqual({ allow: ['alice@contoso.test'], block: ['troll@contoso.test'] });
    expect(welcome.presence).toEqual({ state: 'available', note: 'kept across restarts' });
    // Yan's subscription is still there: Yuki's sign-in reached him without his subscribing again.
    await yanAgain.seesPresence('yuki@yahoo.test', 'available', 'kept across restarts');
    // Yara, created at run time, signs in with her own password; the deployment's is not hers.
    await signIn(again!, yara.address, yara.password);
    await expect(signIn(again!, yara.address)).rejects.toThrow(/^wrong-password: /);
  });
});
