/** Final answer codes. They follow SIP, so that anyone who has read a SIP trace reads ours. */
export const STATUS_CODES = {
  200: 'accepted / delivered',
  202: 'pending: the recipient is being asked',
  400: 'malformed request',
  403: 'rejected by policy',
  404: 'no such user',
  408: 'the next hop did not answer in time',
  429: 'rate limited',
  480: 'recipient temporarily unavailable',
  500: 'server error: a bug in fedlab (see the process log); never a policy outcome',
  504: 'provider unreachable',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export function isSuccess(code: StatusCode): boolean {
  return code === 200 || code === 202;
}
