import { describe, expect, it } from 'vitest';
import { outcome, useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo'] });
const YUKI = 'yuki@yahoo.test';
const FIONA = 'fiona@fabrikam.test';

describe('per-user enablement', () => {
  it('public IM without federation (bob): Yahoo! yes, the partner Fabrikam no, both ways', async () => {
    const bob = await d().bot('bob@contoso.test');
    const yuki = await d().bot(YUKI);
    const fiona = await d().bot(FIONA);
    expect((await bob.invite(YUKI)).answer.code).toBe(200);
    expect(await outcome(d(), (await bob.invite(FIONA)).answer)).toMatchObject({ code: 403, seen: 'sender-not-enabled-federation', hop: 'edge', rule: 'outbound.1-edge' });
    expect((await yuki.invite('bob@contoso.test')).answer.code).toBe(200);
    expect(await outcome(d(), (await fiona.invite('bob@contoso.test')).answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'recipient-not-enabled-federation', hop: 'home' });
  });

  it('federation without public IM (carol): the partner yes, Yahoo! no, both ways', async () => {
    const carol = await d().bot('carol@contoso.test');
    const yuki = await d().bot(YUKI);
    const fiona = await d().bot(FIONA);
    expect((await carol.invite(FIONA)).answer.code).toBe(200);
    expect(await outcome(d(), (await carol.invite(YUKI)).answer)).toMatchObject({ code: 403, reason: 'sender-not-enabled-public-im', hop: 'edge' });
    expect((await fiona.invite('carol@contoso.test')).answer.code).toBe(200);
    expect(await outcome(d(), (await yuki.invite('carol@contoso.test')).answer)).toMatchObject({ code: 403, reason: 'recipient-not-enabled-public-im', hop: 'home' });
  });

  it('an admin change takes effect on the next request', async () => {
    const dave = await d().bot('dave@contoso.test');
    expect((await dave.invite(YUKI)).answer.code).toBe(403);
    await d().bot(YUKI);
    await d().admin.setEnablement('dave@contoso.test', { publicIm: true });
    await dave.until(() => dave.profile?.enablement?.publicIm, 'the client hears of the change');
    expect((await dave.invite(YUKI)).answer.code).toBe(200);
    await d().admin.setEnablementMany(['dave@contoso.test', 'alice@contoso.test'], { publicIm: false });
    expect((await d().admin.users('dave')).at(0)?.enablement).toEqual({ federation: false, publicIm: false });
  });

  it('a bulk change naming an unknown user changes nothing', async () => {
    await expect(d().admin.setEnablementMany(['dave@contoso.test', 'nobody@contoso.test'], { publicIm: true })).rejects.toMatchObject({ status: 404 });
    expect((await d().admin.users('dave')).at(0)?.enablement.publicIm).toBe(false);
  });

  it('a user disabled during a session: the next message is stopped and the session ends on both sides', async () => {
    const alice = await d().bot('alice@contoso.test');
    const yuki = await d().bot(YUKI);
    const { session } = await yuki.invite('alice@contoso.test');
    await alice.invitation(YUKI);
    expect((await yuki.send(session.id, 'before')).code).toBe(200);
    await d().admin.setEnablement('alice@contoso.test', { publicIm: false });
    const stopped = await yuki.send(session.id, 'after');
    expect(await outcome(d(), stopped)).toMatchObject({ code: 403, reason: 'recipient-not-enabled-public-im', hop: 'home' });
    expect(stopped.endsDialog).toBe(true);
    expect(yuki.sessions.get(session.id)?.state).toBe('ended');
    await alice.sessionEnded(session.id);
    expect(alice.hasReceived('after')).toBe(false);
  });
});

describe('auditing enablement', () => {
  it('every change made on the home server reaches the edge\'s audit log, with before and after', async () => {
    await d().admin.setEnablement('dave@contoso.test', { federation: true });
    await d().admin.setEnablementMany(['bob@contoso.test', 'carol@contoso.test'], { publicIm: true });
    const { waitUntil } = await import('../wait.ts');
    const audit = await waitUntil(async () => {
      const entries = (await d().admin.audit()).filter((a) => a.action === 'user.enablement');
      return entries.length >= 3 ? entries : undefined;
    }, 'three enablement entries in the audit log');
    expect(audit.map((a) => a.target).slice(-3)).toEqual(['dave@contoso.test', 'bob@contoso.test', 'carol@contoso.test']);
    expect(audit.at(-3)).toMatchObject({ before: { federation: false, publicIm: false }, after: { federation: true, publicIm: false } });
    expect(audit.at(-2)).toMatchObject({ before: { federation: false, publicIm: true }, after: { federation: false, publicIm: true } });
  });
});
