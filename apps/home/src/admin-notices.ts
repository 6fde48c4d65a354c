import type { Socket } from 'socket.io-client';
import type { Address, InternalLinkEvents } from '@fedlab/protocol';

/**
 * What the home server tells the edge for the admin pages (the home server has no live channel of its own): who
 * signs in and out, so that every open Users tab shows "Signed in" as it is. Lost while the link is down; the
 * edge has the pages reload their users when it comes back.
 */
export function tellEdgeOnline(edge: Socket, address: Address, online: boolean): void {
  if (edge.connected) (edge as unknown as Socket<InternalLinkEvents>).emit('users:online', { address, online });
}
