import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

/** Debian's Chromium, never a downloaded one; FEDLAB_CHROMIUM overrides (as in e2e/support). */
const CHROMIUM = process.env.FEDLAB_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Fixture {
  page: Page;
  /** Uncaught errors of the page so far; `close()` fails if there are any. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A real Chromium on the page's elements, served from source by Vite (no build, no servers behind): a test
 * creates an element, gives it properties and looks at what it draws.
 */
export async function openFixture(): Promise<Fixture> {
  const vite: ViteDevServer = await createServer({
    root: ROOT, configFile: false, logLevel: 'error', clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    optimizeDeps: { entries: ['src/test-support/fixture.html'], include: ['socket.io-client', 'lit', 'lit/directives/if-defined.js'] },
  });
  await vite.listen();
  const address = vite.httpServer!.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/src/test-support/fixture.html`);
    await page.waitForFunction(() => window.fedlab?.ready === true).catch((error: Error) => {
      throw new Error(`the fixture did not load: ${errors.join('; ') || error.message}`);
    });
    const opened = browser;
    return {
      page, errors,
      async close() {
        await opened.close();
        await vite.close();
        if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
      },
    };
  } catch (error) {
    await browser?.close();
    await vite.close();
    throw error;
  }
}
