/** Headers providers use for their request id, in the order we look. */
export const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-goog-request-id',
  'x-amzn-requestid',
  'x-ms-request-id',
  'apim-request-id',
] as const;

/** The provider's request id from the response headers, when it sent one. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    // Bounded: the id ends up in messages.
    if (value) return value.slice(0, 200);
  }
  return undefined;
}
