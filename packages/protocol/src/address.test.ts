import { describe, expect, it } from 'vitest';
import { domainOf, isAddress, normalizeAddress } from './index.ts';

describe('normalizeAddress', () => {
  it('trims and lower-cases what a person typed', () => {
    expect(normalizeAddress('  Alice@Contoso.TEST \n')).toBe('alice@contoso.test');
    expect(normalizeAddress('sam@hotmail.test')).toBe('sam@hotmail.test');
    expect(normalizeAddress('first.last+im_1-x@sub.example-domain.test')).toBe('first.last+im_1-x@sub.example-domain.test');
  });

  it('returns undefined for what is not an address', () => {
    const bad = [
      '', '   ', 'alice', 'alice@', '@contoso.test', 'alice@contoso', 'alice@@contoso.test', 'al ice@contoso.test',
      'alice@contoso..test', 'alice@.contoso.test', 'alice@contoso.test.', 'alice@con_toso.test', 'alice@contoso.test@x.test',
      'älice@contoso.test', `${'a'.repeat(65)}@contoso.test`, `a@${'b'.repeat(250)}.test`, 'sip:alice@contoso.test',
    ];
    for (const value of bad) expect({ value, normalized: normalizeAddress(value) }).toEqual({ value, normalized: undefined });
  });

  it('takes a local part of up to 64 characters', () => {
    expect(normalizeAddress(`${'a'.repeat(64)}@contoso.test`)).toBe(`${'a'.repeat(64)}@contoso.test`);
  });
});

describe('isAddress', () => {
  it('wants a lower-case string address', () => {
    expect(isAddress('alice@contoso.test')).toBe(true);
    expect(isAddress('Alice@contoso.test')).toBe(false);
    expect(isAddress(' alice@contoso.test')).toBe(false);
    for (const value of [undefined, null, 42, {}, ['alice@contoso.test']]) expect(isAddress(value)).toBe(false);
  });

  it('refuses anything longer than 254 characters', () => {
    const long = `a@${'b'.repeat(247)}.test`; // 254
    expect(long.length).toBe(254);
    expect(isAddress(long)).toBe(true);
    expect(isAddress(`a@${'b'.repeat(248)}.test`)).toBe(false);
  });
});

describe('domainOf', () => {
  it('is what follows the @', () => {
    expect(domainOf('alice@contoso.test')).toBe('contoso.test');
    expect(domainOf('sam@hotmail.test')).toBe('hotmail.test');
    expect(domainOf('amy@mail.aim.test')).toBe('mail.aim.test');
    expect(domainOf(normalizeAddress('Nia@MSN.test')!)).toBe('msn.test');
  });
});
