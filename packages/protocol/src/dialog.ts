import type { StatusCode } from './codes.ts';
import type { RequestKind } from './envelope.ts';

/**
 * Whether a final answer to a request that travels inside a dialog ends that dialog (POLICY.md: a provider
 * blocked, a user disabled or a sender put on the Block list during a session stops the next message and ends
 * that session). A time-out, a rate limit or an unreachable hop does not: they are passing, and the sender may
 * try again. A presence update to a watcher who is offline does not end the subscription either.
 */
export function dialogEnds(kind: RequestKind, code: StatusCode): boolean {
  switch (kind) {
    case 'message':
    case 'typing':
      return code === 400 || code === 403 || code === 404 || code === 480;
    case 'notify':
      return code === 400 || code === 403 || code === 404;
    default:
      return false;
  }
}

export const IN_DIALOG_KINDS = ['message', 'typing', 'bye', 'notify', 'unsubscribe'] as const satisfies readonly RequestKind[];

export function isInDialog(kind: RequestKind): boolean {
  return (IN_DIALOG_KINDS as readonly RequestKind[]).includes(kind);
}
