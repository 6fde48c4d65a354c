import { describe, expect, it } from 'vitest';
import { OriginPolicy, defaultOrigins, originsFromEnv } from './origins.ts';

describe('OriginPolicy', () => {
  it('lets requests without an Origin pass (tools, bots, servers), and only the listed browser origins', () => {
    const policy = new OriginPolicy(['http://127.0.0.1:7400']);
    expect(policy.allows(undefined)).toBe(true);
    expect(policy.allows('http://127.0.0.1:7400')).toBe(true);
    expect(policy.allows('http://127.0.0.1:7401')).toBe(false);
    expect(policy.allows('http://evil.example')).toBe(false);
    expect(policy.allows('null')).toBe(false);
    expect(policy.allows('not a url')).toBe(false);
  });

  it('allows every origin for servers of public files only (the web apps)', () => {
    expect(OriginPolicy.any().allows('http://anywhere.example')).toBe(true);
  });

  it('cuts a URL to its origin when allowing it', () => {
    const policy = new OriginPolicy();
    policy.allow('http://qa.example:8080/some/page?x=1');
    expect(policy.list()).toEqual(['http://qa.example:8080']);
    expect(policy.allows('http://qa.example:8080')).toBe(true);
  });

  it('defaults to the chat client\'s and the admin page\'s origins, every loopback name for a loopback host', () => {
    expect(defaultOrigins('127.0.0.1', [7400])).toEqual(['http://127.0.0.1:7400', 'http://localhost:7400', 'http://[::1]:7400']);
    expect(defaultOrigins('fedlab.example', [7400, 7500])).toEqual(['http://fedlab.example:7400', 'http://fedlab.example:7500']);
    expect(originsFromEnv({ FEDLAB_CLIENT_PORT: '8400' }, { client: 7400, admin: 7500 }).allows('http://localhost:8400')).toBe(true);
    expect(() => originsFromEnv({ FEDLAB_ALLOWED_ORIGINS: 'ftp://files.example' }, {})).toThrow('FEDLAB_ALLOWED_ORIGINS: "ftp://files.example" is not an origin');
  });
});
