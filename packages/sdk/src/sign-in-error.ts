/**
 * Why the server refused the sign-in: `code` is one of `SIGN_IN_ERRORS` (`wrong-password`, `too-many-attempts`, …)
 * or `origin-not-allowed`; the message is the server's sentence.
 */
export class SignInRefusedError extends Error {
  override name = 'SignInRefusedError';
  readonly code: string | undefined;
  constructor(message: string, code: unknown) {
    super(message);
    this.code = typeof code === 'string' ? code : /^([a-z-]+):/.exec(message)?.[1];
  }
}
