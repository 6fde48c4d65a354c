import type { Answer, FedRequest } from '@fedlab/protocol';
import { dialogEnds, toSenderForm } from '@fedlab/protocol';
import type { Sessions } from './dialogs.ts';
import type { Watchers } from './watchers.ts';

export interface DialogTables {
  /** Subscriptions our users asked for (target, watcher). */
  following: Watchers;
  /** Accepted subscriptions to our users (target, watcher). */
  watchers: Watchers;
  sessions: Sessions;
}

/**
 * What the server a person is signed in to notes when one of her requests is answered, whoever answered it:
 * a subscription asked for, an IM session opened, used or ended, and a dialog that the answer ends. Returns the
 * answer, marked `endsDialog` when it ends one, for the person's client. A subscription answered as if to an
 * offline contact (a Block list, POLICY.md rule 9) is noted like any accepted one: the sender cannot tell.
 */
export function settleOwnRequest(request: FedRequest, answer: Answer, tables: DialogTables): Answer {
  const { following, watchers, sessions } = tables;
  const seen = toSenderForm(answer, request.kind).code;
  if (request.kind === 'subscribe' && (seen === 200 || seen === 202)) following.add(request.to, request.from);
  if (request.kind === 'unsubscribe') following.remove(request.to, request.from);
  if (request.kind === 'invite' && answer.code === 200) sessions.open(request.body.sessionId, request.from, request.to);
  if ((request.kind === 'message' || request.kind === 'typing') && answer.code === 200) sessions.touch(request.body.sessionId);
  if (request.kind === 'bye') sessions.close(request.body.sessionId);
  if (!dialogEnds(request.kind, answer.code)) return answer;
  if (request.kind === 'notify') watchers.remove(request.from, request.to);
  else if ('sessionId' in request.body) sessions.close(request.body.sessionId);
  return { ...answer, endsDialog: true };
}
