import type { NeutralRequest } from './neutral-request';

/** One request a fake provider received, for assertions. Credentials never appear in it. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names; credential headers (and query keys) read '[redacted]'. */
  headers: Record<string, string>;
  /** Whether the credentials matched the fake's expected key. */
  authorized: boolean;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** The request in provider-independent form; absent when the body was not a valid request. */
  parsed?: NeutralRequest;
}

export const redacted = '[redacted]';
