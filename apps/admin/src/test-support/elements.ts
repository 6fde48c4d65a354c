// Every element of the page, for the component tests (browser.ts serves this with Vite).
import { AdminError, Emitter } from '@fedlab/sdk';
import type { LiveNotices } from '../state/live-controller.ts';
import { ContextProvider } from '@lit/context';
import '../ui/admin-app.ts';
import { layoutLadder } from '../logic/ladder.ts';
import { clientContext, liveContext } from '../state/contexts.ts';

type Script = Record<string, unknown>;

/**
 * A stand-in for the AdminClient: each method records its call and answers from the script (a value, a function
 * of the arguments, or an error to throw). No server is behind the component tests.
 */
function fakeClient(script: Script = {}) {
  const calls: [string, unknown[]][] = [];
  const base: Record<string, unknown> = { endpoints: { edge: 'http://edge.test', home: 'http://home.test' }, token: 'test-token' };
  const client = new Proxy(base, {
    get(target, prop) {
      if (typeof prop !== 'string') return undefined;
      if (prop in target) return target[prop];
      // Not a method: Lit probes values for its markers (`_$litDirective$`...), promises for `then`.
      if (prop === 'then' || prop.startsWith('_$')) return undefined;
      return async (...args: unknown[]) => {
        calls.push([prop, args]);
        const answer = script[prop];
        if (answer instanceof Error) throw answer;
        return typeof answer === 'function' ? (answer as (...a: unknown[]) => unknown)(...args) : answer;
      };
    },
  });
  return { client, calls, script };
}

/**
 * A stand-in for <fl-admin-app>'s contexts: an element that provides a session (and a live connection) to what is
 * put inside it, as the page does. Returns it, in the body, empty.
 */
function contextRoot(client: unknown, live?: unknown): HTMLElement {
  const root = document.createElement('div');
  new ContextProvider(root, { context: clientContext, initialValue: client as never });
  if (live) new ContextProvider(root, { context: liveContext, initialValue: live as never });
  document.body.replaceChildren(root);
  return root;
}

/** A stand-in for the live connection's notices: the test fires what the edge would send. */
class FakeLive extends Emitter<LiveNotices> {
  fire<E extends keyof LiveNotices>(event: E, ...args: LiveNotices[E]): void {
    this.emit(event, ...args);
  }
}

/** Events an element fired, by type. */
function recordEvents(element: EventTarget, ...types: string[]) {
  const seen: { type: string; detail: unknown }[] = [];
  for (const type of types) element.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}

declare global {
  interface Window {
    fedlab: {
      layoutLadder: typeof layoutLadder;
      AdminError: typeof AdminError;
      fakeClient: typeof fakeClient;
      contextRoot: typeof contextRoot;
      FakeLive: typeof FakeLive;
      recordEvents: typeof recordEvents;
      ready: boolean;
    };
    /** What a test keeps between page.evaluate calls. */
    kept: Record<string, unknown>;
  }
}

window.fedlab = { layoutLadder, AdminError, fakeClient, contextRoot, FakeLive, recordEvents, ready: true };
window.kept = {};
