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
