/** Up to two initials of a display name or address, for an avatar. */
export function initials(name: string): string {
  const words = name.replace(/@.*$/, '').split(/[\s._+-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

/** The local part of an address, as a fallback display name. */
export function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

/** A clock time (14:05) for a message; the date too when it is not today. */
export function formatTime(at: number, now: number = Date.now()): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === date.toDateString() ? time : `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}
