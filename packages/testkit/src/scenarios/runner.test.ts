/** The runner's own behaviour, beyond the library: existing users, filtering, progress events. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarios, type RunEvent } from './run.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('runScenarios', () => {
  it('uses existing users as they are, runs only what the filter names, and reports every step', async () => {
    const events: RunEvent[] = [];
    const summary = await runScenarios([fixture('existing-users.yaml'), fixture('wrong-expectation.yaml')], {
      filter: 'alice and bob', onEvent: (e) => events.push(e),
    });
    expect(summary.results.map((r) => [r.name, r.status])).toEqual([['(fixture) alice and bob of the shipped topology chat', 'passed']]);
    const [result] = summary.results;
    expect(result!.users).toEqual({ alice: 'alice@contoso.test', bob: 'bob@contoso.test' });
    expect(result!.steps.map((s) => [s.number, s.description, s.answer?.code])).toEqual([
      [1, 'signIn alice, bob', undefined],
      [2, 'invite alice → bob', 200],
      [3, 'send bob → alice "hi alice"', 200],
    ]);
    expect(events.filter((e) => e.type === 'step').map((e) => (e as { number: number }).number)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.type)).toEqual(['start', 'target', 'batch', 'step', 'step', 'step', 'result', 'end']);
  }, 30_000);
});
