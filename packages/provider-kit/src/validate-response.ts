import { InvalidResponseError } from '@colloquy/chat-core';
import { type GenericSchema, getDotPath, safeParse } from 'valibot';
import { scrubSecrets } from './scrub-secrets';

/**
 * Loose valibot validation at the edge. Schemas should name only the fields the adapter reads
 * (`v.looseObject`), so new provider fields never break us. Throws InvalidResponseError naming
 * the path that failed.
 */
export function validateResponse<T>(
  schema: GenericSchema<unknown, T>,
  value: unknown,
  provider: string,
): T {
  const result = safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = getDotPath(issue) ?? '(root)';
  const detail = scrubSecrets(issue.message).slice(0, 300);
  throw new InvalidResponseError({
    provider,
    message: `${provider} sent a response Colloquy cannot read: at ${path}: ${detail}. The provider's API may have changed; update the adapter, or report it.`,
  });
}
