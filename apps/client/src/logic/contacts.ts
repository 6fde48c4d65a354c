import type { Address, Answer, Presence, Profile } from '@fedlab/protocol';
import { OFFLINE } from '@fedlab/protocol';
import type { Contact, SubscriptionState } from '@fedlab/sdk';
import { presenceRank } from './presence.ts';

/** One line of the contact list, as the list shows it. */
export interface ContactRow {
  address: Address;
  name: string;
  /** The organization's or the provider's name; undefined for a domain no server of the topology serves. */
  side: string | undefined;
  presence: Presence;
  subscription: SubscriptionState;
  /** The answer to our last subscription request, while it still explains the row (pending, or rejected). */
  answer?: Answer;
  /** On our Block list: the person sees us offline. */
  blocked: boolean;
}

export interface ContactLookups {
  nameOf(address: Address): string;
  sideNameOf(address: Address): string | undefined;
}

/**
 * The contact list: everyone on the Allow list (the contact list, as the seed says) plus anyone the connection
 * holds a subscription for; people who can talk now first, then by name.
 */
export function contactRows(profile: Profile | undefined, contacts: ReadonlyMap<Address, Contact>, lookups: ContactLookups): ContactRow[] {
  const addresses = new Set<Address>([...(profile?.lists.allow ?? []), ...contacts.keys()]);
  const blocked = new Set(profile?.lists.block ?? []);
  const rows = [...addresses].map((address): ContactRow => {
    const contact = contacts.get(address);
    const row: ContactRow = {
      address,
      name: lookups.nameOf(address),
      side: lookups.sideNameOf(address),
      presence: contact?.presence ?? OFFLINE,
      subscription: contact?.subscription ?? 'none',
      blocked: blocked.has(address),
    };
    if (contact && answerApplies(contact)) row.answer = contact.answer;
    return row;
  });
  return rows.sort((a, b) => presenceRank(a.presence.state) - presenceRank(b.presence.state) || a.name.localeCompare(b.name) || a.address.localeCompare(b.address));
}

/**
 * Whether the answer to our last subscription request still says why the row looks as it does: a 202 while we
 * wait, a rejection while rejected. An older answer (a 202 after the subscription ended) is gone.
 */
export function answerApplies(contact: Pick<Contact, 'subscription' | 'answer'>): contact is Pick<Contact, 'subscription'> & { answer: Answer } {
  const code = contact.answer?.code;
  if (code === undefined) return false;
  return (contact.subscription === 'pending' && code === 202) || (contact.subscription === 'rejected' && code >= 300);
}

/**
 * What the list says about a subscription that is not showing presence. An ended subscription looks like a
 * contact who signed out: "Offline" (POLICY.md rule 9: a blocked sender cannot tell the two apart).
 */
export function subscriptionText(row: Pick<ContactRow, 'subscription' | 'answer'>): string | undefined {
  switch (row.subscription) {
    case 'active':
    case 'terminated':
      return undefined;
    case 'none':
      return 'Not subscribed to presence';
    case 'pending':
      return row.answer?.code === 202 ? 'Waiting for approval' : 'Asking…';
    case 'rejected':
      return 'Presence request rejected';
  }
}
