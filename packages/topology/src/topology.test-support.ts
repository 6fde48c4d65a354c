import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DEFAULT_TOPOLOGY_PATH, TopologyError, validateTopology, type Topology } from './index.ts';

/** A fresh, mutable copy of the shipped default topology, as raw JSON. */
export function defaultRaw(): Topology {
  return JSON.parse(readFileSync(DEFAULT_TOPOLOGY_PATH, 'utf8')) as Topology;
}

/** Runs validateTopology and returns the TopologyError's message (failing if it does not throw one). */
export function rejection(value: unknown): string {
  try {
    validateTopology(value);
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyError);
    expect((error as Error).name).toBe('TopologyError');
    return (error as Error).message;
  }
  throw new Error('validateTopology accepted the topology');
}
