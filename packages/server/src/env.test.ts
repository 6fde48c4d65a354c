import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, envInt, envRequired, envString, runServer } from './env.ts';
import { deferred } from './test-support.ts';

describe('reading the environment', () => {
  it('envString: the value, or the fallback when unset or empty', () => {
    expect(envString({ HOST: '0.0.0.0' }, 'HOST', '127.0.0.1')).toBe('0.0.0.0');
    expect(envString({}, 'HOST', '127.0.0.1')).toBe('127.0.0.1');
    expect(envString({ HOST: '' }, 'HOST', '127.0.0.1')).toBe('127.0.0.1');
  });

  it('envRequired: the value, or a ConfigError that says why it is needed', () => {
    expect(envRequired({ TOKEN: 's3cret' }, 'TOKEN', 'admins sign in with it')).toBe('s3cret');
    for (const env of [{}, { TOKEN: '' }]) {
      expect(() => envRequired(env, 'TOKEN', 'admins sign in with it')).toThrow(new ConfigError('TOKEN is required: admins sign in with it'));
    }
    const error = (() => {
      try {
        envRequired({}, 'TOKEN', 'why');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ConfigError' });
  });

  it('envInt: a whole number within the range, bounds included, or the fallback when unset or empty', () => {
    const range = { min: 1, max: 65535 };
    expect(envInt({ PORT: '7100' }, 'PORT', 0, range)).toBe(7100);
    expect(envInt({ PORT: '1' }, 'PORT', 0, range)).toBe(1);
    expect(envInt({ PORT: '65535' }, 'PORT', 0, range)).toBe(65535);
    expect(envInt({}, 'PORT', 7100, range)).toBe(7100);
    expect(envInt({ PORT: '' }, 'PORT', 7100, range)).toBe(7100);
  });

  it.each(['0', '65536', '1.5', 'abc', '-3', ' ', '0x10', '1e3'])('envInt refuses %j with a clear ConfigError', (raw) => {
    expect(() => envInt({ PORT: raw }, 'PORT', 7100, { min: 1, max: 65535 })).toThrow(
      new ConfigError(`PORT must be a whole number from 1 to 65535, not "${raw}"`),
    );
  });
});

describe('runServer', () => {
  const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
  let before: Record<(typeof SIGNALS)[number], NodeJS.SignalsListener[]>;
  beforeEach(() => {
    before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  });
  afterEach(() => {
    for (const signal of SIGNALS) for (const listener of added(signal)) process.off(signal, listener);
    vi.restoreAllMocks();
  });
  /** The listeners runServer added (only these are called: the test runner may have its own). */
  const added = (signal: (typeof SIGNALS)[number]) => process.listeners(signal).filter((l) => !before[signal].includes(l));

  it('listens, says where, and on a signal closes once and exits 0', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const exited = deferred<unknown>();
    vi.spyOn(process, 'exit').mockImplementation(((code: number) => exited.resolve(code)) as never);
    const server = { listen: vi.fn(async () => 43210), close: vi.fn(async () => undefined) };
    await runServer('home', server, 0, '127.0.0.1');
    expect(server.listen).toHaveBeenCalledWith(0, '127.0.0.1');
    expect(log).toHaveBeenCalledWith('home listening on http://127.0.0.1:43210');
    expect([added('SIGINT').length, added('SIGTERM').length]).toEqual([1, 1]);
    for (const listener of added('SIGTERM')) listener('SIGTERM');
    for (const listener of added('SIGINT')) listener('SIGINT');
    expect(await exited.promise).toBe(0);
    expect(server.close).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith('home: SIGTERM, closing');
    expect(log).not.toHaveBeenCalledWith('home: SIGINT, closing');
  });
});
