import type { Answer } from './answer.ts';
import { AnswerSchema } from './envelope.ts';
import { parse, type Parsed } from './validate.ts';

/** What an answer coming back from a client or a peer may carry: the rest is refused before it is passed on. */
export const ANSWER_BOUNDS = {
  /** Decisions in a trail. */
  maxTrail: 64,
  /** Levels of nesting of a decision's `inputs` (the object itself is level 1). */
  maxInputsDepth: 4,
  /** Bytes of a decision's `inputs`, as JSON. */
  maxInputsBytes: 4096,
} as const;

/**
 * How deep a value nests, counted without recursion, so that a value nested 30,000 deep is measured (and refused)
 * instead of overflowing the stack. Stops counting past `limit`.
 */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Checks an answer from a client or a peer against the contract and the bounds above. */
export function parseAnswer(raw: unknown): Parsed<Answer> {
  const parsed = parse(AnswerSchema, raw);
  if (!parsed.ok) return parsed;
  const trail = parsed.value.trail ?? [];
  if (trail.length > ANSWER_BOUNDS.maxTrail) return { ok: false, error: `/trail: more than ${ANSWER_BOUNDS.maxTrail} decisions` };
  for (const [i, decision] of trail.entries()) {
    if (depthOf(decision.inputs, ANSWER_BOUNDS.maxInputsDepth) > ANSWER_BOUNDS.maxInputsDepth) {
      return { ok: false, error: `/trail/${i}/inputs: nested deeper than ${ANSWER_BOUNDS.maxInputsDepth} levels` };
    }
    if (JSON.stringify(decision.inputs).length > ANSWER_BOUNDS.maxInputsBytes) {
      return { ok: false, error: `/trail/${i}/inputs: larger than ${ANSWER_BOUNDS.maxInputsBytes} bytes` };
    }
  }
  return { ok: true, value: parsed.value as Answer };
}
