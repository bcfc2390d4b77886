import { ColloquyError } from '@colloquy/chat-core';

/**
 * The errors the chat handler answers a request with, each with its HTTP status. The
 * response body is `{ error: { name, message } }`, the name being the class's.
 */
abstract class RequestError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.RequestError';
  abstract readonly status: number;

  constructor(message: string) {
    super({ message });
  }
}

/** 400: the body is not JSON, or not what the route takes; the message says what to fix. */
export class InvalidRequestError extends RequestError {
  static override readonly marker: string = 'colloquy.error.InvalidRequestError';
  readonly status = 400;
}

/** 401: `authenticate` found no owner for the request. */
export class UnauthorizedError extends RequestError {
  static override readonly marker: string = 'colloquy.error.UnauthorizedError';
  readonly status = 401;

  constructor() {
    super('Sign in first: the request carries no credentials the server accepts.');
  }
}

/** 404: no route has this path. (A missing or foreign session is `SessionNotFoundError`.) */
export class RouteNotFoundError extends RequestError {
  static override readonly marker: string = 'colloquy.error.RouteNotFoundError';
  readonly status = 404;

  constructor(path: string) {
    super(`No route for ${JSON.stringify(path.slice(0, 200))}. See the server's route table.`);
  }
}

/** 405: the route exists, the method does not. */
export class MethodNotAllowedError extends RequestError {
  static override readonly marker: string = 'colloquy.error.MethodNotAllowedError';
  readonly status = 405;
  readonly allow: string[];

  constructor(method: string, allow: string[]) {
    super(`${method.slice(0, 20)} is not allowed here; use ${allow.join(' or ')}.`);
    this.allow = allow;
  }
}

/** 409: the session has no running turn to cancel. */
export class NoRunningTurnError extends RequestError {
  static override readonly marker: string = 'colloquy.error.NoRunningTurnError';
  readonly status = 409;

  constructor() {
    super('The session has no running turn: there is nothing to cancel.');
  }
}

/** 413: the body is over `maxBodyBytes`. */
export class PayloadTooLargeError extends RequestError {
  static override readonly marker: string = 'colloquy.error.PayloadTooLargeError';
  readonly status = 413;

  constructor(maxBytes: number) {
    super(`The body is over the server's limit of ${maxBytes} bytes. Send less.`);
  }
}

/** 415: a JSON route got another content type. */
export class UnsupportedMediaTypeError extends RequestError {
  static override readonly marker: string = 'colloquy.error.UnsupportedMediaTypeError';
  readonly status = 415;

  constructor() {
    super('Send the body as JSON, with the header Content-Type: application/json.');
  }
}

/** 429: the caller already has `maxStreamsPerOwner` streams open on this instance. */
export class TooManyStreamsError extends RequestError {
  static override readonly marker: string = 'colloquy.error.TooManyStreamsError';
  readonly status = 429;

  constructor(max: number) {
    super(
      `You have ${max} streams open already, the most allowed. Close one (or let it finish) and retry.`,
    );
  }
}

/** The status of the errors above (undefined for any other error). */
export function requestErrorStatus(error: unknown): number | undefined {
  return RequestError.isInstance(error) ? error.status : undefined;
}
