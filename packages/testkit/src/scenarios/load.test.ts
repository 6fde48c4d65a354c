/** The scenario format: the schema file, the shipped files, and the problems an invalid file is reported with. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '@fedlab/topology';
import { collectScenarioFiles, loadScenarioFile, loadScenarios } from './load.ts';
import { formatProblem, type Problem } from './yaml-document.ts';
import { scenarioJsonSchema } from './schema.ts';
import { checkAgainstTopology } from './topology-check.ts';

const SCHEMA_FILE = fileURLToPath(new URL('../../scenario.schema.json', import.meta.url));
const LIBRARY = fileURLToPath(new URL('../../scenarios', import.meta.url));
const FILE = '/virtual/scenario.yaml';

/** Loads a scenario from text; the problems as printed, without the file name. */
function problemsOf(text: string): string[] {
  return loadScenarioFile(FILE, text).problems.map((p) => formatProblem(p).replace(/^[^:]*scenario\.yaml:?/, ''));
}

const valid = `
name: a valid scenario
topology:
  providers:
    msn: { allowed: true }
  users:
    alice: { at: home }
    sam: { at: msn }
steps:
  - signIn: [alice, sam]
  - invite: { from: sam, to: alice }
    expect: { code: 200 }
  - send: { from: sam, to: alice }
`;

describe('the JSON schema', () => {
  it('is the file packages/testkit/scenario.schema.json, up to date with src/scenarios/schema.ts', () => {
    const generated = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (process.env.FEDLAB_WRITE_SCHEMA) writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'regenerate it: FEDLAB_WRITE_SCHEMA=1 npx vitest run src/scenarios/load.test.ts').toBe(generated);
  });
});

describe('the shipped library', () => {
  const files = collectScenarioFiles([LIBRARY]).files;

  it('holds valid scenarios only, checked against the default topology as well', () => {
    const { scenarios, problems } = loadScenarios([LIBRARY]);
    expect(problems.map(formatProblem)).toEqual([]);
    const topology = loadTopology();
    expect(scenarios.filter((s) => !s.topologyFile).flatMap((s) => checkAgainstTopology(s, topology)).map(formatProblem)).toEqual([]);
    expect(scenarios.length).toBe(files.length);
  });

  it('points every file at the schema, so that editors complete it', () => {
    for (const file of files) {
      const first = readFileSync(file, 'utf8').split('\n')[0];
      expect(first, file).toBe(`# yaml-language-server: $schema=${relative(dirname(file), SCHEMA_FILE)}`);
    }
  });
});

describe('loading a scenario', () => {
  it('accepts a valid one and keeps each step with its line', () => {
    const { scenario, problems } = loadScenarioFile(FILE, valid);
    expect(problems).toEqual([]);
    expect(scenario!.steps.map((s) => [s.number, s.action, s.line])).toEqual([[1, 'signIn', 10], [2, 'invite', 11], [3, 'send', 13]]);
    expect(scenario!.global).toBe(false);
  });

  it('marks a scenario that changes shared settings as one that runs alone', () => {
    const { scenario } = loadScenarioFile(FILE, `${valid}  - blockProvider: msn\n`);
    expect(scenario!.global).toBe(true);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('name: x\nsteps:\n  - signIn: [alice\n')).toEqual([expect.stringMatching(/^4:\d+: YAML: /)]);
  });

  it('names an unknown action, with the likely one', () => {
    const [problem] = problemsOf(valid.replace('- send:', '- sned:'));
    expect(problem).toMatch(/^13:5: step 3: unknown action 'sned' \(did you mean 'send'\?\); one of: signIn, signOut/);
  });

  it('names an unknown property, with the likely one and what is allowed there', () => {
    expect(problemsOf(valid.replace('msn: { allowed: true }', 'msn: { allowed: true, filtring: allow-all }'))).toEqual([
      "5:27: topology.providers.msn.filtring: unknown property 'filtring' (did you mean 'filtering'?); allowed here: listed, allowed, filtering, public, name, domains, address",
    ]);
  });

  it('names a value that is not one of the possible ones', () => {
    expect(problemsOf(valid.replace('expect: { code: 200 }', 'expect: { code: 200, reason: forbiden, hop: gateway }'))).toEqual([
      "12:34: step 2: expect.reason: 'forbiden' is not a possible value (did you mean 'forbidden'?)",
      "12:49: step 2: expect.hop: 'gateway' is not a possible value; one of: client, provider, edge, home",
    ]);
    expect(problemsOf(valid.replace('expect: { code: 200 }', 'expect: { trace: { rule: inbound.3-provider-allow } }'))).toEqual([
      "12:30: step 2: expect.trace.rule: 'inbound.3-provider-allow' is not a possible value (did you mean 'inbound.3-provider-allowed'?)",
    ]);
  });

  it('names missing fields, wrong types and two actions in one step', () => {
    expect(problemsOf(valid.replace('- send: { from: sam, to: alice }', '- send: { from: sam }'))).toEqual(["13:11: step 3: send: missing 'to'"]);
    expect(problemsOf(valid.replace('- signIn: [alice, sam]', '- signIn: 3'))).toEqual(['10:13: step 1: signIn: 3 must be a string or a list']);
    expect(problemsOf(valid.replace('    expect: { code: 200 }', '    send: { from: sam, to: alice }'))).toEqual(['11:5: step 2: one action per step, this one has invite and send']);
  });

  it('names users that are not declared, and steps that need an earlier one', () => {
    expect(problemsOf(valid.replace('[alice, sam]', '[alice, samm]'))).toEqual(["10:21: step 1: user 'samm' is not declared in topology.users (did you mean 'sam'?)"]);
    expect(problemsOf(valid.replace('  - invite: { from: sam, to: alice }\n    expect: { code: 200 }\n', ''))).toEqual([
      '11:11: step 2: send needs an IM session between sam and alice: add an invite step before it',
    ]);
    expect(problemsOf(valid.replace('expect: { code: 200 }', 'expect: { code: 200 }\n  - subscribe: { from: sam, to: alice }\n    expect: { delivered: true }'))).toEqual([
      '14:26: step 3: delivered is checked on invite, send, write and typing steps, not on subscribe',
    ]);
    expect(problemsOf(`${valid}  - typing: { from: alice, to: bob }\n`)).toEqual([
      "14:32: step 4: to 'bob' is not declared in topology.users",
      '14:13: step 4: typing needs an IM session between alice and bob: add an invite step before it',
    ]);
    expect(problemsOf(`${valid}  - conversation: { user: alice, with: sam, state: open, because: ended-by-peer }\n`)).toEqual([
      '14:67: step 4: because says why a conversation ended; this step expects state open',
    ]);
    expect(problemsOf(`${valid}  - resetLink: home\n`)).toEqual([
      '14:16: step 4: resetLink works on provider links; for the home link use fault: { link: home, down: true } and clearFault',
    ]);
    expect(problemsOf(valid.replace('    sam: { at: msn }', '    sam: { at: msn }\n    ghost: { domain: x.test }'))).toEqual([
      '9:12: user ghost: say where the user is, with at: home or at: <provider id> (or address: for an existing user)',
    ]);
  });

  it('checks names of providers and links against the topology before anything runs', () => {
    const { scenario } = loadScenarioFile(FILE, valid.replace('sam: { at: msn }', 'sam: { at: hotmail }').replace('msn: { allowed', 'msnn: { allowed'));
    const problems: Problem[] = checkAgainstTopology(scenario!, loadTopology());
    expect(problems.map((p) => formatProblem(p).replace(/^[^:]*scenario\.yaml:?/, ''))).toEqual([
      "8: no provider 'hotmail' in the topology (did you mean 'msn'?); it has msn, yahoo, aol, fabrikam",
      "5: no provider 'msnn' in the topology (did you mean 'msn'?); it has msn, yahoo, aol, fabrikam",
    ]);
  });
});
