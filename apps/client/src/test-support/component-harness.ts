import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * Component tests in a real browser: the Vite dev server of global-setup.ts serves the app's sources (TypeScript,
 * Lit, the theme) and its Chromium, driven by playwright-core, mounts one element at a time on a blank harness
 * page, in a browser context of the test file's own. Elements get their properties as JSON (Maps and Sets
 * through `asMap`/`asSet`); the events they send are recorded in the page.
 */
export interface RecordedEvent {
  type: string;
  detail: unknown;
}

export interface Harness {
  page: Page;
  /** Mounts a fresh element (any of src/ui) with properties; records the named events it sends. */
  mount(tag: string, props?: Record<string, unknown>, events?: string[]): Promise<void>;
  /** Calls a fixture in the page (an export of shell-fixture.ts) with a JSON argument; returns its result. */
  call<T = unknown>(name: string, arg?: unknown): Promise<T>;
  /** Sets more properties on the mounted element and waits for it to render. */
  set(props: Record<string, unknown>): Promise<void>;
  /** The events recorded since the mount (or the last `clearEvents`). */
  events(): Promise<RecordedEvent[]>;
  clearEvents(): Promise<void>;
  close(): Promise<void>;
}

interface HarnessWindow {
  recorded: RecordedEvent[];
  assign(element: Element, props: Record<string, unknown>): Promise<void>;
}

export const asMap = (entries: [unknown, unknown][]) => ({ $map: entries });
export const asSet = (values: unknown[]) => ({ $set: values });

export async function startHarness(viewport = { width: 1024, height: 768 }): Promise<Harness> {
  const browser = await chromium.connect(inject('browserWsEndpoint'));
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(inject('harnessUrl'));
    await page.evaluate(() => {
      const revive = (value: unknown): unknown => {
        if (value && typeof value === 'object' && '$map' in value) return new Map((value as { $map: [unknown, unknown][] }).$map);
        if (value && typeof value === 'object' && '$set' in value) return new Set((value as { $set: unknown[] }).$set);
        return value;
      };
      (window as unknown as HarnessWindow).assign = async (element, props) => {
        for (const [key, value] of Object.entries(props)) (element as unknown as Record<string, unknown>)[key] = revive(value);
        await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      };
    });
    return {
      page,
      async mount(tag, props = {}, events = []) {
        await page.evaluate(
          async ({ tag, props, events }) => {
            if (!customElements.get(tag)) throw new Error(`no element <${tag}> in the harness bundle`);
            const element = document.createElement(tag);
            const recorded: RecordedEvent[] = [];
            const w = window as unknown as HarnessWindow;
            w.recorded = recorded;
            for (const type of events) element.addEventListener(type, (e) => recorded.push({ type, detail: (e as CustomEvent).detail }));
            document.body.replaceChildren(element);
            await w.assign(element, props);
          },
          { tag, props, events },
        );
        if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
      },
      call: (name, arg) =>
        page.evaluate(
          ({ name, arg }) => (window as unknown as { fixtures: Record<string, (arg: unknown) => unknown> }).fixtures[name]!(arg),
          { name, arg: arg ?? null },
        ) as Promise<never>,
      async set(props) {
        await page.evaluate((props) => (window as unknown as HarnessWindow).assign(document.body.firstElementChild!, props), props);
      },
      events: () => page.evaluate(() => [...(window as unknown as HarnessWindow).recorded]),
      clearEvents: () => page.evaluate(() => void (window as unknown as HarnessWindow).recorded.splice(0)),
      async close() {
        await context.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The file's harness: started before its tests, closed after them. Use it inside tests (and beforeEach) only.
 */
export function useHarness(viewport?: { width: number; height: number }): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(viewport);
  });
  afterAll(() => started?.close());
  const current = () => {
    if (!started) throw new Error('the component harness has not started');
    return started;
  };
  return {
    get page() {
      return current().page;
    },
    mount: (...args) => current().mount(...args),
    call: (...args) => current().call(...args),
    set: (props) => current().set(props),
    events: () => current().events(),
    clearEvents: () => current().clearEvents(),
    close: () => current().close(),
  };
}
