import { describe, expect, it } from 'vitest';
import { PUBLIC_REASONS, REASONS, STATUS_CODES, answerFor, isReason, isSuccess, toSenderForm, type PublicReason, type Reason, type StatusCode } from './index.ts';

const reasons = Object.entries(REASONS) as [Reason, (typeof REASONS)[Reason]][];
const publicReasons = Object.entries(PUBLIC_REASONS) as [PublicReason, (typeof PUBLIC_REASONS)[PublicReason]][];
const codes = Object.keys(STATUS_CODES).map(Number) as StatusCode[];

describe('the diagnostics table', () => {
  it('gives every reason, internal or public, its own numeric id', () => {
    const ids = [...reasons.map(([, e]) => e.id), ...publicReasons.map(([, e]) => e.id)];
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses only the status codes of POLICY.md (and 500 for a bug), and has a public reason for each of them', () => {
    // POLICY.md "Answers" lists nine codes; 500 is the contract's own, for a crash, never a policy outcome.
    expect(codes.sort()).toEqual([200, 202, 400, 403, 404, 408, 429, 480, 500, 504]);
    for (const [reason, entry] of reasons) expect({ reason, known: codes.includes(entry.code) }).toEqual({ reason, known: true });
    for (const [reason, entry] of publicReasons) expect({ reason, known: codes.includes(entry.code) }).toEqual({ reason, known: true });
    for (const code of codes) expect({ code, covered: publicReasons.some(([, e]) => e.code === code) }).toEqual({ code, covered: true });
  });

  it('maps every reason to an existing public reason with the same code, except a masked 403 that becomes 480', () => {
    const changed: Reason[] = [];
    for (const [reason, entry] of reasons) {
      expect({ reason, hasPublic: Object.hasOwn(PUBLIC_REASONS, entry.public) }).toEqual({ reason, hasPublic: true });
      const publicCode = PUBLIC_REASONS[entry.public].code;
      if (publicCode === entry.code) continue;
      changed.push(reason);
      expect({ reason, from: entry.code, to: publicCode, as: entry.public }).toEqual({ reason, from: 403, to: 480, as: 'temporarily-unavailable' });
    }
    expect(changed.sort()).toEqual(['blocked-by-prompt', 'blocked-by-provider-user', 'sender-on-block-list']);
  });

  it('masks, in the sender form, exactly the reasons whose public code changes', () => {
    const masked = reasons.filter(([reason]) => toSenderForm(answerFor('r', reason, 'home')).diagnostic.reason !== reason).map(([r]) => r);
    const codeChanging = reasons.filter(([, e]) => PUBLIC_REASONS[e.public].code !== e.code).map(([r]) => r);
    expect(masked.sort()).toEqual(codeChanging.sort());
  });

  it('keeps the diagnostic id in the family of its code (2xxx for 2xx, 4xxx for 4xx, 5xxx for 5xx)', () => {
    for (const [reason, entry] of reasons) expect({ reason, family: Math.floor(entry.id / 1000) }).toEqual({ reason, family: Math.floor(entry.code / 100) });
  });

  it('explains every reason in a sentence, and the public sentences name no internal setting or list', () => {
    for (const [reason, entry] of reasons) expect({ reason, sentence: entry.sentence.trim().length > 10 }).toEqual({ reason, sentence: true });
    for (const [reason, entry] of publicReasons) {
      expect({ reason, sentence: entry.sentence.trim().length > 10 }).toEqual({ reason, sentence: true });
      expect({ reason, leaks: /block|allow|list|setting|enabled|verif|prompt|provider|federation/i.test(entry.sentence) }).toEqual({ reason, leaks: false });
    }
  });
});

describe('isReason and isSuccess', () => {
  it('knows the internal reasons only', () => {
    for (const [reason] of reasons) expect(isReason(reason)).toBe(true);
    for (const value of ['forbidden', 'temporarily-unavailable', 'toString', '__proto__', 'constructor', '', 403, undefined, null]) expect(isReason(value)).toBe(false);
  });

  it('calls 200 and 202 a success, and nothing else', () => {
    expect(codes.filter(isSuccess)).toEqual([200, 202]);
  });
});
