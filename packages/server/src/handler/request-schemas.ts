import * as v from 'valibot';
import { InvalidRequestError } from '../errors/request-errors';

const SAFE_CONFIG_FIELDS = [
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'systemInstruction',
];

/**
 * The config fields a client may set on its session: sampling and a system instruction.
 * Tools, safety settings, headers and anything else are the server's (its `config` option).
 */
const safeConfig = v.strictObject({
  temperature: v.optional(v.pipe(v.number(), v.minValue(0))),
  topP: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  topK: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  maxOutputTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  stopSequences: v.optional(v.pipe(v.array(v.string()), v.maxLength(16))),
  seed: v.optional(v.pipe(v.number(), v.integer())),
  presencePenalty: v.optional(v.number()),
  frequencyPenalty: v.optional(v.number()),
  systemInstruction: v.optional(v.pipe(v.string(), v.maxLength(100_000))),
});

export const createSessionBody = v.strictObject({
  model: v.optional(v.string()),
  config: v.optional(safeConfig),
  metadata: v.optional(v.record(v.string(), v.unknown())),
});

/** What a user may send: text and inline data, never function calls or responses. */
const userPart = v.union([
  v.strictObject({ text: v.string() }),
  v.strictObject({
    inlineData: v.strictObject({ mimeType: v.string(), data: v.string() }),
  }),
]);

export const sendMessageBody = v.strictObject({
  message: v.union([v.pipe(v.string(), v.nonEmpty()), v.pipe(v.array(userPart), v.nonEmpty())]),
});

/** `useChat`'s body (AI SDK 5): the whole conversation; the server takes the last user message. */
export const uiMessagesBody = v.looseObject({
  messages: v.pipe(
    v.array(
      v.looseObject({
        role: v.string(),
        parts: v.array(v.looseObject({ type: v.string(), text: v.optional(v.string()) })),
      }),
    ),
    v.nonEmpty(),
  ),
});

export const forkBody = v.strictObject({
  atTurn: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

function explain(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return path?.startsWith('config.')
      ? `${path} is not a field clients may set (allowed: ${SAFE_CONFIG_FIELDS.join(', ')}).`
      : `${path} is not a field of this request.`;
  }
  return `${path ?? 'the body'}: ${issue.message}.`;
}

/** The body as `schema` reads it, or `InvalidRequestError` saying what to fix. */
export function parseBody<T extends v.GenericSchema>(
  schema: T,
  body: unknown,
  what: string,
): v.InferOutput<T> {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issue = result.issues[0];
  // A union's first branch issue names the field better than "invalid type".
  const inner = issue.issues?.[0] ?? issue;
  throw new InvalidRequestError(`Bad ${what}: ${explain(inner)}`);
}
