/** The step registry: one file per step, every step listed, documented in docs/scenarios.md as it behaves. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STEPS, describeStep } from './index.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DOCS = readFileSync(fileURLToPath(new URL('../../../../../docs/scenarios.md', import.meta.url)), 'utf8');
const STEPS_SECTION = DOCS.slice(DOCS.indexOf('\n### Steps\n'), DOCS.indexOf('\n### Expectations\n'));
/** The rows of the docs' step tables: `| \`action\` ● | body | what happens |`. */
const documented = new Map([...STEPS_SECTION.matchAll(/^\| `([a-zA-Z]+)`( ●)? \|/gm)].map((m) => [m[1]!, !!m[2]]));

describe('the step registry', () => {
  it('has one file per step, named after its action, and lists every one', () => {
    const files = readdirSync(HERE).filter((f) => /^[a-z][a-zA-Z]+\.ts$/.test(f) && !['index.ts', 'step.ts'].includes(f) && !f.includes('-'));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(STEPS.map((s) => s.action).sort());
  });

  it('has unique actions, each with a description and a runner', () => {
    expect(new Set(STEPS.map((s) => s.action)).size).toBe(STEPS.length);
    for (const step of STEPS) {
      expect(step.description.length, step.action).toBeGreaterThan(10);
      expect(typeof step.run, step.action).toBe('function');
    }
  });

  it('documents every step in docs/scenarios.md, marking with ● exactly those that run alone', () => {
    expect(STEPS.filter((s) => !documented.has(s.action)).map((s) => s.action), 'steps with no row in docs/scenarios.md').toEqual([]);
    expect([...documented.keys()].filter((a) => !STEPS.some((s) => s.action === a)), 'rows for steps that do not exist').toEqual([]);
    expect(STEPS.filter((s) => !!s.global !== documented.get(s.action)).map((s) => s.action), '● in the docs and global in the step disagree').toEqual([]);
  });

  it('describes steps in words, the way failures print them', () => {
    const step = (action: string, body: unknown, name?: string) => ({ number: 1, action, body, line: 1, global: false, ...(name ? { name } : {}) });
    expect(describeStep(step('signIn', ['alice', 'sam']))).toBe('signIn alice, sam');
    expect(describeStep(step('send', { from: 'sam', to: 'alice', text: 'hi' }))).toBe('send sam → alice "hi"');
    expect(describeStep(step('invite', { from: 'sam', to: 'alice' }, 'the first try'))).toBe('invite sam → alice — the first try');
    expect(describeStep(step('fault', { link: 'msn', latencyMs: 300 }))).toBe('fault on link msn: latencyMs 300');
    expect(describeStep(step('blockProvider', 'msn'))).toBe('blockProvider msn');
    expect(describeStep(step('seesPresence', { user: 'sam', of: 'alice', state: 'away' }))).toBe('seesPresence user: sam, of: alice, state: away');
  });
});
