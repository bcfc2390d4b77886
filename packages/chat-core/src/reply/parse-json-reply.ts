import { ResponseSchemaMismatchError } from '../errors/response-schema-mismatch-error';
import type { InferSchemaOutput, StandardSchemaV1 } from '../types/standard-schema';

const EXCERPT_CHARS = 200;

function excerptOf(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/**
 * The JSON of a reply asked for with `responseMimeType: 'application/json'` (and a
 * `responseJsonSchema`), checked against a Standard Schema (Zod 4, Valibot, ArkType, ...) and
 * typed by it. Throws `ResponseSchemaMismatchError` when the reply holds no text, is not JSON,
 * or does not match, with the schema's issues.
 *
 * ```ts
 * const reply = await chat.sendMessage({ message: 'A city', config: { responseMimeType: 'application/json', responseJsonSchema } });
 * const city = await parseJsonReply(reply, citySchema); // typed as the schema's output
 * ```
 */
export async function parseJsonReply<Schema extends StandardSchemaV1>(
  response: { readonly text: string | undefined },
  schema: Schema,
): Promise<InferSchemaOutput<Schema>> {
  const text = response.text;
  if (text === undefined || text.trim() === '') {
    throw new ResponseSchemaMismatchError({
      message:
        'The reply holds no text, so no JSON to read. Check its finishReason (a refusal, a safety block or the token limit), and ask again.',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ResponseSchemaMismatchError({
      message: `The reply is not JSON. Send with responseMimeType: 'application/json' (and a responseJsonSchema), or ask again. Received: ${JSON.stringify(excerptOf(text))}`,
      excerpt: excerptOf(text),
      cause,
    });
  }
  const result = await schema['~standard'].validate(value);
  if (result.issues) {
    throw new ResponseSchemaMismatchError({
      excerpt: excerptOf(text),
      issues: result.issues.map(({ message, path }) => ({
        message,
        path: (path ?? [])
          .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
          .join('.'),
      })),
    });
  }
  return result.value as InferSchemaOutput<Schema>;
}
