/**
 * Which scenarios may run at the same time. Each scenario uses fresh users, so two scenarios only meet in what
 * every user shares: the global switch, the provider list, the links. A scenario that changes any of these in a
 * step runs alone. The others state what they need of it (their requirements); scenarios whose requirements
 * agree form one batch that runs side by side.
 */
export interface Schedulable {
  /** Changes shared state in a step: runs alone. */
  global: boolean;
  requirements: Map<string, string>;
}

export interface Batch<T extends Schedulable> {
  /** The merged requirements every scenario of the batch agrees on. */
  requirements: Map<string, string>;
  items: T[];
  alone: boolean;
}

export function schedule<T extends Schedulable>(items: T[]): Batch<T>[] {
  const shared: Batch<T>[] = [];
  const alone: Batch<T>[] = [];
  for (const item of items) {
    if (item.global) {
      alone.push({ requirements: new Map(item.requirements), items: [item], alone: true });
      continue;
    }
    const batch = shared.find((b) => agree(b.requirements, item.requirements));
    if (batch) {
      for (const [key, value] of item.requirements) batch.requirements.set(key, value);
      batch.items.push(item);
    } else shared.push({ requirements: new Map(item.requirements), items: [item], alone: false });
  }
  return [...shared, ...alone];
}

export function agree(a: Map<string, string>, b: Map<string, string>): boolean {
  for (const [key, value] of b) if (a.has(key) && a.get(key) !== value) return false;
  return true;
}

/** Runs tasks with at most `limit` at a time, in order of the list. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
