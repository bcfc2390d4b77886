import { InvalidResponseError } from '@colloquy/chat-core';
import { excerptOf } from './excerpt';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

/**
 * JSON.parse that throws InvalidResponseError with a short scrubbed excerpt. Also refuses JSON
 * nested deeper than 256 levels, which would overflow recursive code later.
 */
export function parseJsonEvent(data: string, provider: string, secrets?: string[]): unknown {
  return parseJsonText(data, provider, secrets, 'a stream event that is not valid JSON');
}

/** Shared by stream events and JSON bodies; `what` completes "<provider> sent ...". */
export function parseJsonText(
  text: string,
  provider: string,
  secrets: readonly string[] | undefined,
  what: string,
): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The SyntaxError is not kept as the cause: V8 quotes the input in its message, unscrubbed.
    const excerpt = excerptOf(text, secrets);
    throw new InvalidResponseError({
      provider,
      excerpt,
      message: `${provider} sent ${what}. Received: ${JSON.stringify(excerpt)}. Check the baseUrl option points at the provider's API; retry if it was transient.`,
    });
  }
  if (value !== null && typeof value === 'object' && exceedsJsonDepth(text)) {
    throw new InvalidResponseError({
      provider,
      excerpt: excerptOf(text, secrets, 80),
      message: `${provider} sent JSON nested deeper than ${MAX_JSON_DEPTH} levels; refusing to read it.`,
    });
  }
  return value;
}
