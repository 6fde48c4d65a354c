import { describe, expect, it } from 'vitest';
import { Sessions } from './dialogs.ts';

const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';
const SAM = 'sam@hotmail.test';

describe('Sessions', () => {
  it('joins exactly its two people, in either order', () => {
    const sessions = new Sessions();
    sessions.open('s1', ALICE, YUKI);
    expect(sessions.joins('s1', ALICE, YUKI)).toBe(true);
    expect(sessions.joins('s1', YUKI, ALICE)).toBe(true);
    expect(sessions.joins('s1', ALICE, SAM)).toBe(false);
    expect(sessions.joins('s1', SAM, YUKI)).toBe(false);
    expect(sessions.joins('s2', ALICE, YUKI)).toBe(false);
  });

  it("lists a person's sessions with the other participant", () => {
    const sessions = new Sessions();
    sessions.open('s1', ALICE, YUKI);
    sessions.open('s2', SAM, ALICE);
    sessions.open('s3', SAM, YUKI);
    expect(sessions.of(ALICE)).toEqual([{ id: 's1', peer: YUKI }, { id: 's2', peer: SAM }]);
    expect(sessions.of('nobody@contoso.test')).toEqual([]);
  });

  it('forgets a closed session, and all on clear', () => {
    const sessions = new Sessions();
    sessions.open('s1', ALICE, YUKI);
    sessions.open('s2', ALICE, SAM);
    sessions.close('s1');
    sessions.close('unknown');
    expect(sessions.joins('s1', ALICE, YUKI)).toBe(false);
    expect(sessions.of(ALICE)).toEqual([{ id: 's2', peer: SAM }]);
    sessions.clear();
    expect(sessions.of(ALICE)).toEqual([]);
  });
});
