/** The load profile format: the schema file, the shipped library, and the problems an invalid profile is reported with. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '@fedlab/topology';
import { collectScenarioFiles } from '../scenarios/load.ts';
import { formatProblem } from '../scenarios/yaml-document.ts';
import { checkProfileAgainstTopology, generateUsers, withUsers } from './population.ts';
import { ProfileError, loadProfile } from './profile.ts';
import { loadProfileJsonSchema } from './schema.ts';

const SCHEMA_FILE = fileURLToPath(new URL('../../load-profile.schema.json', import.meta.url));
const LIBRARY = fileURLToPath(new URL('../../load', import.meta.url));
const FILE = '/virtual/profile.yaml';

function problemsOf(text: string): string[] {
  try {
    const profile = loadProfile(FILE, text);
    return checkProfileAgainstTopology(profile, loadTopology()).map((p) => formatProblem(p).replace(/^[^:]*profile\.yaml:?/, ''));
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return error.problems.map((p) => formatProblem(p).replace(/^[^:]*profile\.yaml:?/, ''));
  }
}

const valid = `
name: valid
populations:
  staff: { at: home, users: 10, contacts: 2 }
  msn: { at: msn, users: 5, verified: 60%, talksTo: { staff: 1 } }
behaviour:
  presence: 6/min
  im: { sessions: 2/min, messages: { min: 1, max: 3 }, size: 80 }
phases: { rampUp: 2s, steady: 10s }
timeline:
  - { at: 5s, blockProvider: msn }
  - { every: 4s, until: 9s, load: 2 }
slos: [p99 < 50ms, "p99{kind=message,path=inbound msn} < 200ms", lost == 0, errorRate < 0.1%]
`;

describe('the JSON schema', () => {
  it('is the file packages/testkit/load-profile.schema.json, up to date with src/load/schema.ts', () => {
    const generated = `${JSON.stringify(loadProfileJsonSchema(), null, 2)}\n`;
    if (process.env.FEDLAB_WRITE_SCHEMA) writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'regenerate it: FEDLAB_WRITE_SCHEMA=1 npx vitest run src/load/profile.test.ts').toBe(generated);
  });
});

describe('the shipped library', () => {
  const files = collectScenarioFiles([LIBRARY]).files;

  it('has smoke, steady, spike, provider-flap, soak and scale, each valid against the default topology', () => {
    expect(files.map((f) => f.split('/').pop())).toEqual(['provider-flap.yaml', 'scale.yaml', 'smoke.yaml', 'soak.yaml', 'spike.yaml', 'steady.yaml']);
    for (const file of files) expect(checkProfileAgainstTopology(loadProfile(file), loadTopology()).map(formatProblem)).toEqual([]);
  });

  it('points every file at the schema, and gives the smoke profile SLOs', () => {
    for (const file of files) expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../load-profile.schema.json');
    expect(loadProfile(`${LIBRARY}/smoke.yaml`).slos.length).toBeGreaterThan(3);
  });
});

describe('a valid profile', () => {
  it('has every unit turned into numbers', () => {
    const p = loadProfile(FILE, valid);
    expect([p.rampUpMs, p.steadyMs, p.drainMs, p.intervalMs]).toEqual([2000, 10_000, 10_000, 1000]);
    expect(p.populations[0]!.behaviour.presence).toBeCloseTo(0.1);
    expect(p.populations[0]!.behaviour.im).toMatchObject({ sessions: 2 / 60, messages: { min: 1, max: 3 }, size: { min: 80, max: 80 }, typing: true });
    expect(p.populations[0]!.talksTo).toEqual({ staff: 10, msn: 5 });
    expect(p.timeline.map((t) => [t.action, t.atMs, t.everyMs, t.untilMs])).toEqual([['blockProvider', 5000, undefined, undefined], ['load', 0, 4000, 9000]]);
    expect(p.slos.map((s) => [s.metric, s.selector, s.operator, s.threshold])).toEqual([
      ['p99', {}, '<', 50], ['p99', { kind: 'message', path: 'inbound msn' }, '<', 200], ['lost', {}, '==', 0], ['errorRate', {}, '<', 0.001],
    ]);
  });

  it('makes the same users from the same seed: shares, mutual contacts, fresh addresses when tagged', () => {
    const p = loadProfile(FILE, valid);
    const users = generateUsers(p, loadTopology());
    expect(users.map((u) => u.address).slice(0, 2)).toEqual(['staff-1@contoso.test', 'staff-2@contoso.test']);
    expect(users.filter((u) => u.at === 'msn' && u.verified).length).toBe(3);
    for (const u of users) for (const c of u.contacts) expect(users.find((x) => x.address === c)!.contacts).toContain(u.address);
    expect(generateUsers(p, loadTopology())).toEqual(users);
    expect(generateUsers(p, loadTopology(), 'ab12')[0]!.address).toBe('staff-1.ab12@contoso.test');
    const topology = withUsers(loadTopology(), users);
    expect(topology.organization.users.length).toBe(loadTopology().organization.users.length + 10);
    expect(topology.providers.find((x) => x.id === 'msn')!.users.length).toBe(loadTopology().providers.find((x) => x.id === 'msn')!.users.length + 5);
  });
});

describe('problems, each with its line and column', () => {
  it('YAML syntax', () => {
    expect(problemsOf('name: x\npopulations: [\n')[0]).toMatch(/^\d+:\d+: YAML: /);
  });

  it('misspelt properties, with a suggestion and what is allowed', () => {
    const problems = problemsOf(valid.replace('behaviour:\n  presence', 'behaviour:\n  presense'));
    expect(problems).toEqual([expect.stringMatching(/^7:3: behaviour\.presense: unknown property 'presense' \(did you mean 'presence'\?\); allowed here: churn, offlineFor, presence, /)]);
  });

  it('durations, rates and shares in words', () => {
    expect(problemsOf(valid.replace('rampUp: 2s', 'rampUp: 2 sec'))).toEqual([expect.stringMatching(/phases\.rampUp: '2 sec' does not have the right form \(a duration such as 500ms, 30s, 10m, 2h, 2m30s\)/)]);
    expect(problemsOf(valid.replace('presence: 6/min', 'presence: 6 per minute'))).toEqual([expect.stringMatching(/behaviour\.presence: '6 per minute' does not have the right form \(a rate per user such as 6\/h/)]);
    expect(problemsOf(valid.replace('verified: 60%', 'verified: 0.6'))).toEqual([expect.stringMatching(/^5:\d+: populations\.msn\.verified: 0\.6 must be a string or true or false/)]);
  });

  it('what a schema cannot say: populations, phases, SLOs, timeline, the topology', () => {
    expect(problemsOf(valid.replace('talksTo: { staff: 1 }', 'talksTo: { staf: 1 }'))).toEqual([expect.stringMatching(/talksTo names 'staf', which is not a population \(did you mean 'staff'\?\)/)]);
    expect(problemsOf(valid.replace('steady: 10s', 'duration: 1s'))).toContainEqual(expect.stringMatching(/^9:\d+: duration 1s is shorter than the ramp-up 2s/));
    expect(problemsOf(valid.replace('steady: 10s', 'steady: 2s'))).toEqual([expect.stringMatching(/^11:\d+: 5s is after the end of the load \(4 s\)/)]);
    expect(problemsOf(valid.replace('lost == 0', 'lots == 0'))).toEqual([expect.stringMatching(/^13:66: unknown metric 'lots'; one of: /)]);
    expect(problemsOf(valid.replace('p99 < 50ms', 'p99 < 50%'))).toEqual([expect.stringMatching(/p99 is a latency: give ms or s, not %/)]);
    expect(problemsOf(valid.replace('{ at: 5s, blockProvider: msn }', '{ at: 5s, blokProvider: msn }'))).toEqual([expect.stringMatching(/^11:5: timeline entry 1: unknown action 'blokProvider' \(did you mean 'blockProvider'\?\)/)]);
    expect(problemsOf(valid.replace('{ at: 5s, blockProvider: msn }', '{ at: 5s, blockProvider: nsm }'))).toEqual([expect.stringMatching(/^11:\d+: no provider 'nsm' in the topology; it has msn, yahoo, aol, fabrikam/)]);
    expect(problemsOf(valid.replace('at: msn, users: 5', 'at: hotmail, users: 5'))).toEqual([expect.stringMatching(/^5:14: no provider 'hotmail' in the topology/)]);
    expect(problemsOf(valid.replace('phases: { rampUp: 2s, steady: 10s }', 'phases: { rampUp: 2s }'))).toContainEqual(expect.stringMatching(/^9:9: say how long the load lasts/));
  });

  it('warns when a behaviour would run into the servers\' per-user rate limit', () => {
    const p = loadProfile(FILE, valid.replace('size: 80 }', 'size: 80, messageRate: 40/s }'));
    expect(p.warnings).toEqual([expect.stringMatching(/above the servers' per-user limit of 50\/s: expect 429s/), expect.stringMatching(/population msn/)]);
  });
});
