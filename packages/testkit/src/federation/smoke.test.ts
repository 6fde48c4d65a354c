import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Deployment } from '../deploy.ts';

let d: Deployment;
beforeAll(async () => {
  d = await deploy();
  await d.admin.allowProvider('yahoo');
});
afterAll(() => d?.close());

describe('smoke', () => {
  it('an internal user and a Yahoo! user subscribe, prompt, chat', async () => {
    const alice = await d.bot('alice@contoso.test');
    const yuki = await d.bot('yuki@yahoo.test');
    const sub = await yuki.addContact('alice@contoso.test');
    expect(sub.code).toBe(202);
    const prompt = await alice.prompt('yuki@yahoo.test');
    expect(prompt.verification).toBe('verified');
    await alice.answerPrompt(prompt.id, 'allow');
    await yuki.seesPresence('alice@contoso.test', 'available');
    await alice.setPresence({ state: 'busy', note: 'in a meeting' });
    await yuki.seesPresence('alice@contoso.test', 'busy', 'in a meeting');
    const { answer, session } = await yuki.invite('alice@contoso.test');
    expect(answer.code).toBe(200);
    await alice.invitation('yuki@yahoo.test');
    expect((await yuki.send(session.id, 'hello alice')).code).toBe(200);
    await alice.message('hello alice');
    const back = [...alice.sessions.values()][0]!;
    expect((await alice.send(back.id, 'hi yuki')).code).toBe(200);
    await yuki.message('hi yuki');
    const trace = await d.admin.trace(answer.requestId);
    expect(trace.decisions.map((x) => x.hop)).toEqual(expect.arrayContaining(['edge', 'home', 'client']));
  });
});
