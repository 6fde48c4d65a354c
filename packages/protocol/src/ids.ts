import { nanoid } from 'nanoid';

/** Every request, session and prompt id is a nanoid: unguessable, URL-safe, 21 characters. */
export function newId(): string {
  return nanoid();
}
