/** The generic half of the loader: any YAML format, any JSON schema, problems in words at their line and column. */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadYaml } from './yaml-document.ts';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const check = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['rate'],
  properties: { rate: { type: 'integer' }, shape: { type: 'string', enum: ['steady', 'burst', 'ramp'] }, who: { type: 'string', pattern: '^[a-z]+@[a-z.]+$' } },
});
const load = (text: string) => loadYaml<{ rate: number }>('plan.yaml', text, check, { patternWords: (p) => (p.includes('@') ? 'user@domain' : undefined) });

describe('loadYaml', () => {
  it('gives the value of a valid document, and where each part of it is', () => {
    const { value, document, problems } = load('rate: 5\nshape: burst\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({ rate: 5, shape: 'burst' });
    expect(document!.locate(['shape'])).toEqual({ line: 2, column: 8 });
  });

  it('reports every problem with its place, the likely fix of a typo, and what is allowed', () => {
    expect(load('rat: 5\nshape: bursty\nwho: Alice\n').problems.map(formatProblem)).toEqual([
      "plan.yaml:1:1: missing 'rate'",
      "plan.yaml:1:1: rat: unknown property 'rat' (did you mean 'rate'?); allowed here: rate, shape, who",
      "plan.yaml:2:8: shape: 'bursty' is not a possible value (did you mean 'burst'?); one of: steady, burst, ramp",
      "plan.yaml:3:6: who: 'Alice' does not have the right form (user@domain)",
    ]);
  });

  it('reports YAML syntax errors and duplicate keys, and checks nothing more', () => {
    expect(load('rate: [5\n').problems.map(formatProblem)).toEqual([expect.stringMatching(/^plan\.yaml:2:\d+: YAML: /)]);
    expect(load('rate: 5\nrate: 6\n').problems.map(formatProblem)).toEqual([expect.stringMatching(/^plan\.yaml:2:1: YAML: .*unique/i)]);
  });
});
