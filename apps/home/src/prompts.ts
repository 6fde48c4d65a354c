import type { Address, Prompt } from '@fedlab/protocol';
import { newId } from '@fedlab/protocol';
import type { Store } from '@fedlab/server';

const PROMPTS = 'prompts';
type StoredPrompt = Prompt & { to: Address };

/**
 * Subscriptions waiting for the recipient's Allow or Block: kept until answered, across sign-out and restarts,
 * at most `maxPerUser` per recipient. Indexed by recipient in memory, so that a look-up costs the same whoever
 * else is waiting.
 */
export class Prompts {
  readonly #byRecipient = new Map<Address, Map<string, StoredPrompt>>();

  constructor(readonly store: Store, readonly maxPerUser = Infinity) {
    for (const p of store.list<StoredPrompt>(PROMPTS)) this.#of(p.to).set(p.id, p);
  }

  /**
   * One prompt per sender and recipient: asking again while one waits returns the waiting one. `full` when the
   * recipient already has as many waiting as allowed.
   */
  open(to: Address, fields: Omit<Prompt, 'id' | 'at'>): { prompt: Prompt; isNew: boolean } | 'full' {
    const waiting = [...this.#of(to).values()].find((p) => p.from === fields.from);
    if (waiting) return { prompt: strip(waiting), isNew: false };
    if (this.#of(to).size >= this.maxPerUser) return 'full';
    const prompt: StoredPrompt = { ...fields, id: newId(), at: Date.now(), to };
    this.store.put(PROMPTS, prompt.id, prompt);
    this.#of(to).set(prompt.id, prompt);
    return { prompt: strip(prompt), isNew: true };
  }

  /** Drops the prompts waiting for or sent by the address (a user deleted at run time). */
  forget(address: Address): void {
    for (const [to, prompts] of this.#byRecipient) {
      for (const p of prompts.values()) {
        if (to !== address && p.from !== address) continue;
        this.store.delete(PROMPTS, p.id);
        prompts.delete(p.id);
      }
    }
  }

  clear(): void {
    this.store.clear(PROMPTS);
    this.#byRecipient.clear();
  }

  for(to: Address): Prompt[] {
    return [...this.#of(to).values()].map(strip);
  }

  /** Removes and returns the prompt if it belongs to `to`. */
  settle(to: Address, promptId: string): Prompt | undefined {
    const prompt = this.#byRecipient.get(to)?.get(promptId);
    if (!prompt) return undefined;
    this.store.delete(PROMPTS, promptId);
    this.#byRecipient.get(to)!.delete(promptId);
    return strip(prompt);
  }

  #of(to: Address): Map<string, StoredPrompt> {
    let prompts = this.#byRecipient.get(to);
    if (!prompts) this.#byRecipient.set(to, (prompts = new Map()));
    return prompts;
  }
}

function strip({ to: _to, ...prompt }: StoredPrompt): Prompt {
  return prompt;
}
