import { describe, expect, it } from 'vitest';
import { deadlines } from './deadlines.ts';

describe('deadlines', () => {
  it('nest from one base: the client 1×, the edge 2×, the server a person is signed in to 3×', () => {
    expect(deadlines(5000)).toEqual({ client: 5000, edge: 10_000, origin: 15_000 });
    expect(deadlines(40)).toEqual({ client: 40, edge: 80, origin: 120 });
  });
});
