import { describe, expect, it } from 'vitest';
import { Store } from '@fedlab/server';
import { Prompts } from './prompts.ts';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const fields = (from: string, requestId: string) => ({ from, provider: 'yahoo', verification: 'verified' as const, requestId });

/** Opens a prompt that must fit. */
function open(prompts: Prompts, to: string, f: ReturnType<typeof fields>) {
  const opened = prompts.open(to, f);
  if (opened === 'full') throw new Error(`no room for a prompt to ${to}`);
  return opened;
}

describe('Prompts', () => {
  it('opens one prompt per sender and recipient: asking again returns the waiting one', () => {
    const prompts = new Prompts(new Store(':memory:'));
    const first = open(prompts, ALICE, fields('yuki@yahoo.test', 'req-0001'));
    expect(first).toEqual({ isNew: true, prompt: { id: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/), at: expect.any(Number), ...fields('yuki@yahoo.test', 'req-0001') } });
    expect(open(prompts, ALICE, fields('yuki@yahoo.test', 'req-0002'))).toEqual({ isNew: false, prompt: first.prompt });
    expect(open(prompts, BOB, fields('yuki@yahoo.test', 'req-0003')).isNew).toBe(true);
    expect(open(prompts, ALICE, fields('sam@hotmail.test', 'req-0004')).isNew).toBe(true);
    expect(prompts.for(ALICE).map((p) => p.requestId)).toEqual(['req-0001', 'req-0004']);
    expect(prompts.for(ALICE)[0]).not.toHaveProperty('to');
    expect(prompts.for('carol@contoso.test')).toEqual([]);
  });

  it('settles a prompt only for its recipient, once', () => {
    const prompts = new Prompts(new Store(':memory:'));
    const { prompt } = open(prompts, ALICE, fields('yuki@yahoo.test', 'req-0001'));
    expect(prompts.settle(BOB, prompt.id)).toBeUndefined();
    expect(prompts.for(ALICE)).toHaveLength(1);
    expect(prompts.settle(ALICE, prompt.id)).toEqual(prompt);
    expect(prompts.settle(ALICE, prompt.id)).toBeUndefined();
    expect(prompts.for(ALICE)).toEqual([]);
    // Once settled, the same sender may be asked about again.
    expect(open(prompts, ALICE, fields('yuki@yahoo.test', 'req-0002')).isNew).toBe(true);
  });

  it('keeps waiting prompts in the store, until cleared', () => {
    const store = new Store(':memory:');
    open(new Prompts(store), ALICE, fields('yuki@yahoo.test', 'req-0001'));
    const again = new Prompts(store);
    expect(again.for(ALICE).map((p) => p.from)).toEqual(['yuki@yahoo.test']);
    again.clear();
    expect(new Prompts(store).for(ALICE)).toEqual([]);
  });

  it('holds at most so many waiting prompts per recipient; a sender already waiting is not one more', () => {
    const prompts = new Prompts(new Store(':memory:'), 2);
    open(prompts, ALICE, fields('a@yahoo.test', 'req-0001'));
    open(prompts, ALICE, fields('b@yahoo.test', 'req-0002'));
    expect(prompts.open(ALICE, fields('c@yahoo.test', 'req-0003'))).toBe('full');
    expect(open(prompts, ALICE, fields('a@yahoo.test', 'req-0004')).isNew).toBe(false);
    expect(open(prompts, BOB, fields('c@yahoo.test', 'req-0005')).isNew).toBe(true);
  });
});
