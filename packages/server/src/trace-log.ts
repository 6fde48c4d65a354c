import type { HopDecision } from '@fedlab/protocol';

/** Every hop decision this process made or saw, under the request id; the oldest ids go first when full. */
export class TraceLog {
  readonly #byRequest = new Map<string, HopDecision[]>();

  constructor(readonly capacity = 20_000) {}

  record(requestId: string, ...decisions: HopDecision[]): void {
    let list = this.#byRequest.get(requestId);
    if (!list) {
      this.#byRequest.set(requestId, (list = []));
      if (this.#byRequest.size > this.capacity) this.#byRequest.delete(this.#byRequest.keys().next().value!);
    }
    for (const d of decisions) if (!list.some((known) => sameDecision(known, d))) list.push(d);
  }

  get(requestId: string): HopDecision[] {
    return [...(this.#byRequest.get(requestId) ?? [])].sort((a, b) => a.at - b.at);
  }

  clear(): void {
    this.#byRequest.clear();
  }
}

function sameDecision(a: HopDecision, b: HopDecision): boolean {
  return a.node === b.node && a.rule === b.rule && a.at === b.at && a.reason === b.reason;
}
