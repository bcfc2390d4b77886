import { InvalidMessageError } from '../errors/invalid-message-error';
import { copyData } from '../history/copy-data';
import type { Content, PartListUnion } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { Part } from '../types/part';

const PART_KEYS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'] as const;

/** The `@google/genai` call form: `sendMessage({message, config})`. */
export interface SendMessageParameters {
  message: PartListUnion;
  config?: GenerateContentConfig;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function toPart(item: unknown, position: string): Part {
  if (typeof item === 'string') return { text: item };
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const part = item as Record<string, unknown>;
    if (PART_KEYS.some((key) => part[key] !== undefined)) {
      // Copy so later changes by the caller cannot reach the history.
      return copyData(part) as Part;
    }
    if ('message' in part) {
      throw new InvalidMessageError({
        message: `Invalid message${position}: got {message: ...} inside a message. Pass sendMessage({message, config}) or sendMessage(message, config).`,
      });
    }
  }
  throw new InvalidMessageError({
    message: `Invalid message${position}: got ${describe(item)}. A message is a string, a Part ({text}, {inlineData}, {fileData}, {functionCall} or {functionResponse}), or an array of them.`,
  });
}

/** Turns what `sendMessage` accepts into the user content to record. */
function toUserContent(message: unknown): Content {
  if (Array.isArray(message)) {
    if (message.length === 0) {
      throw new InvalidMessageError({
        message: 'Invalid message: the array is empty. Send at least one string or Part.',
      });
    }
    return { role: 'user', parts: message.map((item, i) => toPart(item, ` at index ${i}`)) };
  }
  if (message === '') {
    throw new InvalidMessageError({
      message: 'Invalid message: the text is empty. Send some text or a Part.',
    });
  }
  return { role: 'user', parts: [toPart(message, '')] };
}

/**
 * Accepts `sendMessage(message, config?)` and the `@google/genai` form
 * `sendMessage({message, config})`. A Part never has a `message` key, so the forms
 * cannot be confused.
 */
export function parseSendArguments(
  first: unknown,
  second: GenerateContentConfig | undefined,
): { content: Content; config: GenerateContentConfig | undefined } {
  if (
    first !== null &&
    typeof first === 'object' &&
    !Array.isArray(first) &&
    'message' in first &&
    !PART_KEYS.some((key) => (first as Record<string, unknown>)[key] !== undefined)
  ) {
    const params = first as SendMessageParameters;
    return { content: toUserContent(params.message), config: params.config ?? second };
  }
  return { content: toUserContent(first), config: second };
}
