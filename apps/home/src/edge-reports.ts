import type { Socket } from 'socket.io-client';
import type { InternalLinkEvents, SecurityEvent, UserDeleted, UsersChanged } from '@fedlab/protocol';
import { Outbox, type SecurityLog, type Store } from '@fedlab/server';

/** A notice as the admin route makes it; the outbox adds its id and time. */
type Unstamped<T> = Omit<T, 'id' | 'at'>;

/** An admin change the edge audits: which notice, and what it says. */
type AdminChange = { event: 'users:changed'; notice: Unstamped<UsersChanged> } | { event: 'user:deleted'; notice: Unstamped<UserDeleted> };

/** How long the home server waits for the edge to acknowledge a report before trying again later. */
const ACK_MS = 2000;

/**
 * What the home server reports to the edge over the internal link: admin changes (enablement, deleted users: for
 * the edge's audit log and its teardown) and its security events. Admin changes wait in a stored outbox until the
 * edge acknowledges them, so a change made while the link is down (or before a restart) reaches the audit log when
 * the link returns. Security events are sent as they happen, coalesced, and those still unsent go when the link
 * returns.
 */
export function reportToEdge(store: Store, edge: Socket, security: SecurityLog) {
  const link = edge as unknown as Socket<InternalLinkEvents, InternalLinkEvents>;
  const acked = async (send: () => Promise<{ ok?: boolean } | undefined>) => edge.connected && (await send().catch(() => undefined))?.ok === true;
  // One outbox for both kinds of change, so that the edge audits them in the order they were made.
  const outbox = new Outbox<AdminChange>(store, 'outbox:admin-changes', (item) =>
    acked(() => link.timeout(ACK_MS).emitWithAck(item.payload.event, { id: item.id, at: item.at, ...item.payload.notice } as never)));

  const unsent = new Map<string, SecurityEvent>();
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  const sendSecurity = async () => {
    scheduled = undefined;
    const batch = [...unsent.values()];
    if (!batch.length) return;
    if (await acked(() => link.timeout(ACK_MS).emitWithAck('security:events', batch))) {
      for (const event of batch) if (unsent.get(event.id) === event) unsent.delete(event.id);
    }
  };
  security.subscribe((event) => {
    unsent.set(event.id, event);
    if (unsent.size > security.capacity) unsent.delete(unsent.keys().next().value!);
    // A flood grows one event many times a second: it travels once per tick.
    scheduled ??= setTimeout(() => void sendSecurity(), 50);
  });
  edge.on('connect', () => {
    void outbox.flush();
    void sendSecurity();
  });

  return {
    usersChanged: (notice: Unstamped<UsersChanged>) => void outbox.push({ event: 'users:changed', notice }),
    userDeleted: (notice: Unstamped<UserDeleted>) => void outbox.push({ event: 'user:deleted', notice }),
    close: () => clearTimeout(scheduled),
  };
}
