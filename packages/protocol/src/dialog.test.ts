import { describe, expect, it } from 'vitest';
import { IN_DIALOG_KINDS, OPENING_KINDS, REQUEST_KINDS, dialogEnds, isInDialog } from './index.ts';

describe('dialogs', () => {
  it('splits the kinds into opening ones and ones that travel inside a dialog', () => {
    expect([...OPENING_KINDS, ...IN_DIALOG_KINDS].sort()).toEqual([...REQUEST_KINDS].sort());
    for (const kind of REQUEST_KINDS) expect(isInDialog(kind)).toBe(!(OPENING_KINDS as readonly string[]).includes(kind));
  });

  it('ends a session on a policy rejection of the next message (provider blocked, user disabled, sender blocked)', () => {
    for (const kind of ['message', 'typing'] as const) {
      expect(dialogEnds(kind, 403)).toBe(true);
      expect(dialogEnds(kind, 404)).toBe(true);
      expect(dialogEnds(kind, 480)).toBe(true);
    }
    expect(dialogEnds('notify', 403)).toBe(true);
  });

  it('does not end a dialog on a passing trouble, on success, or on an opening request', () => {
    for (const kind of REQUEST_KINDS)
      for (const code of [200, 202, 408, 429, 504] as const) expect({ kind, code, ends: dialogEnds(kind, code) }).toEqual({ kind, code, ends: false });
    for (const kind of OPENING_KINDS) for (const code of [400, 403, 404, 480] as const) expect(dialogEnds(kind, code)).toBe(false);
  });
});
