import { afterAll, beforeAll } from 'vitest';
import { buildAdminServer, type AdminServer } from '@fedlab/admin';
import { deploy, type DeployOptions, type Deployment } from '@fedlab/testkit';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, newPage } from '../support/browser.ts';

/** A deployed topology, the admin page's server in front of it, and a browser (build apps/admin first). */
export interface AdminBench {
  d: Deployment;
  /** Where the admin page listens. */
  url: string;
  browser: Browser;
  /** Uncaught errors and Content-Security-Policy violations in any page so far; `close()` fails if there are any. */
  problems: string[];
  /** A new window (its own storage), signed in unless told otherwise. */
  page(options?: { signIn?: boolean; viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

export async function startBench(options: DeployOptions = {}): Promise<AdminBench> {
  const d = await deploy(options);
  let server: AdminServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await buildAdminServer({ config: { edge: d.endpoints.edge, home: d.endpoints.home } });
    const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
    // The edge and the home server serve pages from the admin page's own origin only.
    d.allowOrigin(url);
    browser = await launchBrowser();
    const opened = { server, browser };
    const problems: string[] = [];
    return {
      d, url, browser, problems,
      async page({ signIn: shouldSignIn = true, viewport } = {}) {
        const page = await newPage(opened.browser, viewport);
        page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
        });
        await page.goto(url);
        if (shouldSignIn) await signIn(page, d.adminToken);
        return page;
      },
      async close() {
        await opened.browser.close();
        await opened.server.close();
        await d.close();
        if (problems.length) throw new Error(`the admin page had problems:\n${problems.join('\n')}`);
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    await d.close();
    throw error;
  }
}

/**
 * The file's bench and its first window (signed in), started before its tests and closed after them. Read them
 * inside tests only.
 */
export function useBench(options: DeployOptions = {}): { readonly bench: AdminBench; readonly page: Page } {
  let started: { bench: AdminBench; page: Page } | undefined;
  beforeAll(async () => {
    const bench = await startBench(options);
    started = { bench, page: await bench.page() };
  });
  afterAll(() => started?.bench.close());
  const current = () => {
    if (!started) throw new Error('the admin bench has not started');
    return started;
  };
  return {
    get bench() {
      return current().bench;
    },
    get page() {
      return current().page;
    },
  };
}

/** Types the token on the sign-in screen and waits for the console. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('sign-in-token').fill(token);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('live-status').and(page.locator('[data-live=live]')).waitFor();
}

export async function goTo(page: Page, section: 'providers' | 'users' | 'traffic' | 'audit' | 'faults'): Promise<void> {
  await page.getByTestId(`nav-${section}`).click();
  await page.locator(`[data-testid=nav-${section}][aria-current=page]`).waitFor();
}

/** Waits until the element's attribute has the value (the page updates from live events: wait, never sleep). */
export async function attributeIs(locator: Locator, name: string, value: string): Promise<void> {
  await locator.and(locator.page().locator(`[${name}="${value}"]`)).waitFor();
}
