import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Deployment } from '../deploy.ts';

let d: Deployment;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-persist-'));
  d = await deploy({ dataDir: dir });
});
afterAll(async () => {
  await d?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('what admins and users set survives a restart', () => {
  it('the edge keeps its provider list and global switch', async () => {
    await d.admin.updateProvider('yahoo', { allowed: true, filtering: 'allow-all' });
    await d.admin.removeProvider('aol');
    await d.admin.setFederation(false);
    await d.restart('edge');
    const providers = await d.admin.providers();
    expect(providers.find((p) => p.id === 'yahoo')).toMatchObject({ allowed: true, filtering: 'allow-all' });
    expect(providers.map((p) => p.id)).not.toContain('aol');
    expect((await d.admin.state()).federationEnabled).toBe(false);
    expect((await d.admin.audit()).map((a) => a.action)).toEqual(expect.arrayContaining(['provider.update', 'provider.remove', 'global.federation']));
    await d.admin.setFederation(true);
  });

  it('the home server keeps enablement, lists, settings and waiting prompts', async () => {
    await d.admin.setEnablement('dave@contoso.test', { publicIm: true });
    const alice = await d.bot('alice@contoso.test');
    await alice.changeList('allow', 'add', 'sam@hotmail.test');
    await alice.changeList('block', 'add', 'amy@aim.test');
    await alice.setSettings({ subscriptionSetting: 'allow', blockImFromNonAllowList: true });
    await alice.setSettings({ subscriptionSetting: 'prompt' });
    const yuki = await d.bot('yuki@yahoo.test');
    expect((await yuki.subscribe('alice@contoso.test')).code).toBe(202);
    alice.close();
    await d.restart('home');
    expect((await d.admin.users('dave')).at(0)?.enablement.publicIm).toBe(true);
    const again = await d.bot('alice@contoso.test');
    expect(again.profile).toMatchObject({
      lists: { allow: ['sam@hotmail.test'], block: ['amy@aim.test'] },
      settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: true },
    });
    expect(again.prompts.map((p) => p.from)).toEqual(['yuki@yahoo.test']);
    await again.answerPrompt(again.prompts[0]!.id, 'allow');
    await yuki.seesPresence('alice@contoso.test', 'available');
  });

  it('a provider keeps its users\' lists, notes and subscriptions, across the organization too', async () => {
    await d.admin.allowProvider('yahoo');
    const alice = await d.bot('alice@contoso.test');
    const yuki = await d.bot('yuki@yahoo.test');
    await yuki.changeList('allow', 'add', 'alice@contoso.test');
    await yuki.changeList('block', 'add', 'yan@yahoo.test');
    await yuki.setPresence({ state: 'busy', note: 'across a restart' });
    expect((await alice.subscribe('yuki@yahoo.test')).code).toBe(200);
    await alice.seesPresence('yuki@yahoo.test', 'busy', 'across a restart');
    yuki.close();
    await alice.seesPresence('yuki@yahoo.test', 'offline');
    await d.restart('yahoo');
    const again = await d.bot('yuki@yahoo.test');
    expect(again.profile?.lists).toEqual({ allow: ['alice@contoso.test'], block: ['yan@yahoo.test'] });
    expect(again.presence).toEqual({ state: 'available', note: 'across a restart' });
    // Alice still watches him: his sign-in reaches her without her subscribing again.
    await alice.seesPresence('yuki@yahoo.test', 'available', 'across a restart');
  });
});
