import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Anything that says when it changed: the chat store, for one. */
export interface Observable {
  onChange(listener: () => void): () => void;
}

/**
 * Re-renders its host whenever the store it follows changes, while the host is connected. The store is read
 * from the host before every update, so a host that gets another store (a new sign-in) follows the new one.
 */
export class StoreController<S extends Observable> implements ReactiveController {
  #followed: S | undefined;
  #off: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost, private readonly current: () => S | undefined) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = undefined;
    this.#followed = undefined;
  }

  #follow(): void {
    const store = this.current();
    if (store === this.#followed) return;
    this.#off?.();
    this.#followed = store;
    this.#off = store?.onChange(() => this.host.requestUpdate());
  }
}
