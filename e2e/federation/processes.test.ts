import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployProcesses, type ProcessDeployment } from '@fedlab/testkit';
import { pointToLogsOnFailure } from '../support/logs.ts';
import { ARTIFACTS_DIR } from '../support/browser.ts';

/** The federation, black box: every app its own process, as the README's start command runs them. */
let d: ProcessDeployment;
let workDir: string;
beforeAll(async () => {
  // Kept after the run (e2e/artifacts is not committed), so that the logs a failure points to are still there.
  workDir = join(ARTIFACTS_DIR, 'process-mode');
  rmSync(workDir, { recursive: true, force: true });
  d = await deployProcesses({ workDir, timeoutMs: 1500 });
  await d.admin.allowProvider('yahoo');
});
pointToLogsOnFailure(() => d?.processes.map((p) => p.logFile) ?? []);
afterAll(async () => {
  await d?.close();
});

describe('process mode', () => {
  it('every app runs in its own process and answers /health', async () => {
    expect(d.processes.map((p) => p.name).sort()).toEqual(['aol', 'edge', 'fabrikam', 'home', 'msn', 'yahoo']);
    expect(new Set(d.processes.map((p) => p.child.pid)).size).toBe(6);
    for (const p of d.processes) expect(await (await fetch(`${p.url}/health`)).json()).toMatchObject({ ok: true });
  });

  it('a Yahoo! user and an internal user subscribe, answer the prompt, and chat across three processes', async () => {
    const alice = await d.bot('alice@contoso.test');
    const yuki = await d.bot('yuki@yahoo.test');
    expect((await yuki.addContact('alice@contoso.test')).code).toBe(202);
    const prompt = await alice.prompt('yuki@yahoo.test');
    await alice.answerPrompt(prompt.id, 'allow');
    await yuki.seesPresence('alice@contoso.test', 'available');
    const { answer, session } = await yuki.invite('alice@contoso.test');
    expect(answer.code).toBe(200);
    await yuki.send(session.id, 'hello from another process');
    await alice.message('hello from another process');
    const trace = await d.admin.trace(answer.requestId);
    expect(trace.decisions.map((x) => x.hop)).toEqual(expect.arrayContaining(['edge', 'home', 'client']));
  });

  it('issue 8: a wrong password is refused with its code and recorded (home and provider alike); no secret is logged', async () => {
    const { FedlabClient, SignInRefusedError } = await import('@fedlab/sdk');
    const refused = async (url: string, address: string, password?: string) => {
      const client = new FedlabClient({ url, address, ...(password !== undefined ? { password } : {}) });
      try {
        return await client.signedIn().then(() => 'signed in', (error: unknown) => (error instanceof SignInRefusedError ? error.code : String(error)));
      } finally {
        client.close();
      }
    };
    expect(await refused(d.endpoints.home, 'alice@contoso.test', 'guess')).toBe('wrong-password');
    expect(await refused(d.endpoints.home, 'alice@contoso.test')).toBe('wrong-password');
    expect(await refused(d.endpoints.providers.msn!, 'sam@hotmail.test', 'guess')).toBe('wrong-password');
    expect(await refused(d.endpoints.home, 'alice@contoso.test', d.password)).toBe('signed in');
    // The home server's failures reach the edge's security events; the provider keeps its own.
    await expect.poll(async () => (await d.admin.securityEvents({ kind: 'failed-sign-in', node: 'home' })).map((e) => [e.subject, e.count])).toEqual([['alice@contoso.test', 2]]);
    expect((await d.admin.providerSecurityEvents('msn')).map((e) => [e.kind, e.subject])).toEqual([['failed-sign-in', 'sam@hotmail.test']]);
    // Every link came up with its own secret, and no password or secret is in any log or in the topology written out.
    const written = [...d.processes.map((p) => readFileSync(p.logFile, 'utf8')), readFileSync(join(workDir, 'topology.json'), 'utf8')].join('\n');
    expect(written).not.toContain(d.password);
    expect(written).not.toContain(d.adminToken);
    expect(written).toMatch(/federation link up from .* \(the edge proved it holds the link secret\)/);
  });

  it('a provider process that dies: a quick 504 at the edge; its log file tells what it did', async () => {
    const alice = await d.bot('alice@contoso.test');
    const aol = d.processes.find((p) => p.name === 'aol')!;
    await d.admin.allowProvider('aol');
    aol.child.kill('SIGTERM');
    await new Promise<void>((resolve) => (aol.child.exitCode !== null ? resolve() : aol.child.once('exit', () => resolve())));
    const { answer } = await alice.invite('al@aol.test');
    expect(answer).toMatchObject({ code: 504, diagnostic: { reason: 'provider-unreachable', hop: 'edge' } });
    expect(existsSync(aol.logFile)).toBe(true);
    expect(readFileSync(aol.logFile, 'utf8')).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('workDir holds what `fedlab run --target` needs', () => {
    const endpoints = JSON.parse(readFileSync(join(workDir, 'endpoints.json'), 'utf8'));
    expect(endpoints).toMatchObject({ home: d.endpoints.home, edge: d.endpoints.edge });
    const topology = JSON.parse(readFileSync(join(workDir, 'topology.json'), 'utf8'));
    expect(topology.edge.port).toBe(Number(new URL(d.endpoints.edge).port));
  });
});
