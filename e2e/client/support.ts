import type { Browser } from 'playwright-core';
import { buildClientServer, clientAppConfig, type ClientServer } from '@fedlab/client';
import { deploy, type Deployment, type DeployOptions } from '@fedlab/testkit';
import { launchBrowser } from '../support/browser.ts';

export interface ClientRig {
  d: Deployment;
  server: ClientServer;
  /** Where the chat client answers. */
  url: string;
  browser: Browser;
  /** A user's sign-in password in this deployment: her own in the topology, else the deployment's (none: none asked). */
  passwordOf(address: string): string | undefined;
  close(): Promise<void>;
}

/**
 * The password a person types in the page. Read from the deployment as it is, so that this works whether or not
 * the servers ask for passwords yet.
 */
function passwordsOf(d: Deployment): (address: string) => string | undefined {
  const users: { address: string; password?: string }[] = [...d.topology.organization.users, ...d.topology.providers.flatMap((p) => p.users)];
  const deployment = (d as { password?: string }).password;
  return (address) => users.find((u) => u.address === address)?.password ?? deployment;
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
    const browser = await launchBrowser();
    opened.unshift(browser);
    return { d, server, url, browser, passwordOf: passwordsOf(d), close: () => closeAll(opened) };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

async function closeAll(opened: { close(): Promise<void> }[]): Promise<void> {
  for (const thing of opened) await thing.close().catch(() => undefined);
}
