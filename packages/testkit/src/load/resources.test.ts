import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ResourceSampler, cpuSeconds, pidsListeningOn, rssMb } from './resources.ts';

describe('resources from /proc', () => {
  it('finds the process that listens on a port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(pidsListeningOn([port]).get(port)).toBe(process.pid);
      expect(pidsListeningOn([1]).size).toBe(0);
    } finally {
      server.close();
    }
  });

  it('reads CPU time and resident memory, and samples them as % of one core', () => {
    expect(cpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(rssMb(process.pid)).toBeGreaterThan(10);
    expect(cpuSeconds(2 ** 22 + 1)).toBeUndefined();
    const sampler = new ResourceSampler([{ name: 'this', pid: process.pid, role: 'generator' }], 2);
    // Some CPU to measure: work until /proc shows it (a condition, not a time).
    const before = cpuSeconds(process.pid)!;
    while (cpuSeconds(process.pid)! < before + 0.03) for (let i = 0; i < 1e5; i++) Math.sqrt(i);
    sampler.sample(50);
    const [point] = sampler.series[0]!.points;
    expect(point!.cpu).toBeGreaterThan(0);
    expect(point!.cpu).toBeLessThanOrEqual(200);
    expect(sampler.machine.length).toBeLessThanOrEqual(1);
  });
});
