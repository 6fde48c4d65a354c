import { describe, expect, it } from 'vitest';
import { Store } from '@fedlab/server';
import { Prompts } from './prompts.ts';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const fields = (from: string, requestId: string) => ({ from, provider: 'yahoo', verification: 'verified' as const, requestId });

describe('Prompts', () => {
  it('opens one prompt per sender and recipient: asking again returns the waiting one', () => {
    const prompts = new Prompts(new Store(':memory:'));
    const first = prompts.open(ALICE, fields('yuki@yahoo.test', 'req-0001'));
    expect(first).toEqual({ isNew: true, prompt: { id: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/), at: expect.any(Number), ...fields('yuki@yahoo.test', 'req-0001') } });
    expect(prompts.open(ALICE, fields('yuki@yahoo.test', 'req-0002'))).toEqual({ isNew: false, prompt: first.prompt });
    expect(prompts.open(BOB, fields('yuki@yahoo.test', 'req-0003')).isNew).toBe(true);
    expect(prompts.open(ALICE, fields('sam@hotmail.test', 'req-0004')).isNew).toBe(true);
    expect(prompts.for(ALICE).map((p) => p.requestId)).toEqual(['req-0001', 'req-0004']);
    expect(prompts.for(ALICE)[0]).not.toHaveProperty('to');
    expect(prompts.for('carol@contoso.test')).toEqual([]);
  });

  it('settles a prompt only for its recipient, once', () => {
    const prompts = new Prompts(new Store(':memory:'));
    const { prompt } = prompts.open(ALICE, fields('yuki@yahoo.test', 'req-0001'));
    expect(prompts.settle(BOB, prompt.id)).toBeUndefined();
    expect(prompts.for(ALICE)).toHaveLength(1);
    expect(prompts.settle(ALICE, prompt.id)).toEqual(prompt);
    expect(prompts.settle(ALICE, prompt.id)).toBeUndefined();
    expect(prompts.for(ALICE)).toEqual([]);
    // Once settled, the same sender may be asked about again.
    expect(prompts.open(ALICE, fields('yuki@yahoo.test', 'req-0002')).isNew).toBe(true);
  });

  it('keeps waiting prompts in the store, until cleared', () => {
    const store = new Store(':memory:');
    new Prompts(store).open(ALICE, fields('yuki@yahoo.test', 'req-0001'));
    const again = new Prompts(store);
    expect(again.for(ALICE).map((p) => p.from)).toEqual(['yuki@yahoo.test']);
    again.clear();
    expect(new Prompts(store).for(ALICE)).toEqual([]);
  });
});
