import type { Address, Prompt } from '@fedlab/protocol';
import { newId } from '@fedlab/protocol';
import type { Store } from '@fedlab/server';

const PROMPTS = 'prompts';
type StoredPrompt = Prompt & { to: Address };

/** Subscriptions waiting for the recipient's Allow or Block: kept until answered, across sign-out and restarts. */
export class Prompts {
  constructor(readonly store: Store) {}

  /** One prompt per sender and recipient: asking again while one waits returns the waiting one. */
  open(to: Address, fields: Omit<Prompt, 'id' | 'at'>): { prompt: Prompt; isNew: boolean } {
    const waiting = this.for(to).find((p) => p.from === fields.from);
    if (waiting) return { prompt: waiting, isNew: false };
    const prompt: StoredPrompt = { ...fields, id: newId(), at: Date.now(), to };
    this.store.put(PROMPTS, prompt.id, prompt);
    return { prompt: strip(prompt), isNew: true };
  }

  /** Drops the prompts waiting for or sent by the address (a user deleted at run time). */
  forget(address: Address): void {
    for (const p of this.store.list<StoredPrompt>(PROMPTS)) if (p.to === address || p.from === address) this.store.delete(PROMPTS, p.id);
  }

  clear(): void {
    this.store.clear(PROMPTS);
  }

  for(to: Address): Prompt[] {
    return this.store.list<StoredPrompt>(PROMPTS).filter((p) => p.to === to).map(strip);
  }

  /** Removes and returns the prompt if it belongs to `to`. */
  settle(to: Address, promptId: string): Prompt | undefined {
    const prompt = this.store.get<StoredPrompt>(PROMPTS, promptId);
    if (!prompt || prompt.to !== to) return undefined;
    this.store.delete(PROMPTS, promptId);
    return strip(prompt);
  }
}

function strip({ to: _to, ...prompt }: StoredPrompt): Prompt {
  return prompt;
}
