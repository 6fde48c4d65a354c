import { describe, expect, it } from 'vitest';
import { isRefusal } from './live.ts';

describe('the live connection', () => {
  it('tells a refused token (sign out) from a network failure (socket.io retries)', () => {
    expect(isRefusal(new Error('unauthorized: wrong admin token'))).toBe(true);
    expect(isRefusal(new Error('xhr poll error'))).toBe(false);
    expect(isRefusal(new Error('websocket error'))).toBe(false);
  });
});
