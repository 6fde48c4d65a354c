import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

/**
 * Once per `vitest run`: Vite builds the component-test page (harness.html: every element of src/ui and the
 * fixtures, in one bundle, not minified) and serves it, and Debian's Chromium starts as a browser server. Every
 * component test file connects to both (component-harness.ts) and works in a browser context of its own.
 */
const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.FEDLAB_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The component-test page, e.g. http://127.0.0.1:40123/src/test-support/harness.html */
    harnessUrl: string;
    /** Where the shared Chromium's Playwright server listens. */
    browserWsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = mkdtempSync(join(tmpdir(), 'fedlab-client-harness-'));
  const closers: (() => Promise<void>)[] = [async () => rmSync(outDir, { recursive: true, force: true })];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const config = { root: APP_ROOT, configFile: `${APP_ROOT}vite.config.ts`, logLevel: 'error' as const, clearScreen: false };
    await build({
      ...config,
      build: { outDir, emptyOutDir: true, minify: false, sourcemap: false, rollupOptions: { input: `${APP_ROOT}src/test-support/harness.html` } },
    });
    const server = await preview({ ...config, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    closers.push(() => new Promise<void>((resolve) => server.httpServer.close(() => resolve())));
    const browser = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: ARGS });
    closers.push(() => browser.close());
    project.provide('harnessUrl', `${server.resolvedUrls!.local[0]!}src/test-support/harness.html`);
    project.provide('browserWsEndpoint', browser.wsEndpoint());
    return close;
  } catch (error) {
    await close();
    throw error;
  }
}
