/**
 * Answers each request id once. A request that arrives again (a peer's retry, a duplicate on reconnect) gets the
 * answer of the first, and is not delivered twice: nothing is retried silently into a duplicate.
 */
export class OnceCache<T> {
  readonly #answers = new Map<string, Promise<T>>();

  constructor(readonly capacity = 20_000) {}

  run(id: string, work: () => Promise<T>): Promise<T> {
    const known = this.#answers.get(id);
    if (known) return known;
    const answer = work();
    this.#answers.set(id, answer);
    if (this.#answers.size > this.capacity) this.#answers.delete(this.#answers.keys().next().value!);
    return answer;
  }

  clear(): void {
    this.#answers.clear();
  }
}
