import type { Browser } from 'playwright-core';
import { buildClientServer, clientAppConfig, type ClientServer } from '@fedlab/client';
import { deploy, passwordFor, type Deployment, type DeployOptions } from '@fedlab/testkit';
import { launchBrowser } from '../support/browser.ts';

export interface ClientRig {
  d: Deployment;
  server: ClientServer;
  /** Where the chat client answers. */
  url: string;
  browser: Browser;
  /** A user's sign-in password in this deployment: her own in the topology, else the deployment's. */
  passwordOf(address: string): string;
  close(): Promise<void>;
}

/**
 * A whole topology in this process, the chat client's server (the Vite build in apps/client/dist: run
 * `npm run build` there first) and Debian's Chromium. `close` tears all of it down.
 */
export async function startClientRig(options: DeployOptions & { allow?: string[] } = {}): Promise<ClientRig> {
  const d = await deploy(options);
  const opened: { close(): Promise<void> }[] = [d];
  try {
    for (const provider of options.allow ?? []) await d.admin.allowProvider(provider);
    const server = await buildClientServer({ config: clientAppConfig(d.topology, d.endpoints) });
    opened.unshift(server);
    const url = `http://127.0.0.1:${await server.listen(0)}`;
    // The servers serve pages from the chat client's own origin only.
    d.allowOrigin(url);
    const browser = await launchBrowser();
    opened.unshift(browser);
    return { d, server, url, browser, passwordOf: (address) => passwordFor(d.topology, d.password, address), close: () => closeAll(opened) };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

async function closeAll(opened: { close(): Promise<void> }[]): Promise<void> {
  for (const thing of opened) await thing.close().catch(() => undefined);
}
