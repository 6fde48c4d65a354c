import type { Browser } from 'playwright-core';
import { buildClientServer, clientAppConfig, type ClientServer } from '@fedlab/client';
import { deploy, type Deployment, type DeployOptions } from '@fedlab/testkit';
import { launchBrowser } from '../support/browser.ts';
import { ChatPage } from './chat-page.ts';

export interface ClientRig {
  d: Deployment;
  server: ClientServer;
  /** Where the chat client answers. */
  url: string;
  browser: Browser;
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
    // The servers serve pages from the chat client's own origin only; people sign in with the deployment's password.
    d.allowOrigin(url);
    ChatPage.password = d.password;
    const browser = await launchBrowser();
    opened.unshift(browser);
    return { d, server, url, browser, close: () => closeAll(opened) };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

async function closeAll(opened: { close(): Promise<void> }[]): Promise<void> {
  for (const thing of opened) await thing.close().catch(() => undefined);
}
