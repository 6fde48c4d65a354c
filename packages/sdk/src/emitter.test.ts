import { describe, expect, it, vi } from 'vitest';
import { Emitter } from './emitter.ts';

type Events = { change: [string, number]; done: [] };

/** Emitter's emit is protected: the owner of the events emits them. */
class Owner extends Emitter<Events> {
  fire<E extends keyof Events>(event: E, ...args: Events[E]): void {
    this.emit(event, ...args);
  }
}

describe('Emitter', () => {
  it('calls each listener of the event, in the order added, with the arguments', () => {
    const owner = new Owner();
    const calls: string[] = [];
    owner.on('change', (name, n) => calls.push(`a:${name}:${n}`));
    owner.on('change', (name, n) => calls.push(`b:${name}:${n}`));
    owner.on('done', () => calls.push('done'));
    owner.fire('change', 'x', 1);
    expect(calls).toEqual(['a:x:1', 'b:x:1']);
    owner.fire('done');
    expect(calls).toEqual(['a:x:1', 'b:x:1', 'done']);
  });

  it('removes a listener by off() or by the function on() returned; the same listener counts once', () => {
    const owner = new Owner();
    const listener = vi.fn();
    const stop = owner.on('done', listener);
    owner.on('done', listener);
    owner.fire('done');
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    owner.fire('done');
    owner.on('done', listener);
    owner.off('done', listener);
    owner.off('change', vi.fn());
    owner.fire('done');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('lets a listener remove itself or add another while the event is emitted, affecting the next emit only', () => {
    const owner = new Owner();
    const calls: string[] = [];
    const once = owner.on('done', () => {
      calls.push('once');
      once();
      owner.on('done', () => calls.push('added'));
    });
    owner.fire('done');
    expect(calls).toEqual(['once']);
    owner.fire('done');
    expect(calls).toEqual(['once', 'added']);
  });

  it('emits an event nobody listens to without complaint', () => {
    expect(() => new Owner().fire('change', 'x', 1)).not.toThrow();
  });
});
