import { ConfigurationError, type Part } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { isRecord } from './is-record';

type SystemInstruction = TransportConfig['systemInstruction'];

function invalid(provider: string, what: string): ConfigurationError {
  return new ConfigurationError({
    provider,
    message: `config.systemInstruction ${what}. Give a string, a Part, a list of strings and Parts, or a Content.`,
  });
}

function toPart(value: unknown, provider: string): Part {
  if (typeof value === 'string') return { text: value };
  if (isRecord(value)) return value as Part;
  throw invalid(provider, `holds ${value === null ? 'null' : typeof value}`);
}

/**
 * `config.systemInstruction` in any of its forms (a string, a Part, a list of strings and
 * Parts, or a Content, whose role is ignored) as a list of Parts. Empty text parts are left
 * out, so an empty string or list gives no parts; anything else is a ConfigurationError naming `provider`.
 */
export function systemInstructionParts(instruction: SystemInstruction, provider: string): Part[] {
  if (instruction === undefined || instruction === null) return [];
  let items: readonly unknown[];
  if (Array.isArray(instruction)) items = instruction;
  else if (isRecord(instruction) && 'parts' in instruction) {
    if (!Array.isArray(instruction.parts)) throw invalid(provider, 'has parts that are not a list');
    items = instruction.parts;
  } else items = [instruction];
  // Empty text says nothing, and sent as is it becomes an empty system message or part,
  // which some providers refuse: it is left out, so '' means "no system instruction".
  return items.map((item) => toPart(item, provider)).filter((part) => !isEmptyText(part));
}

function isEmptyText(part: Part): boolean {
  return (
    part.text === '' &&
    part.inlineData === undefined &&
    part.fileData === undefined &&
    part.functionCall === undefined &&
    part.functionResponse === undefined
  );
}

/**
 * The texts of a system instruction, for APIs that take text only. Thought parts are left out
 * (reasoning is the model's; an instruction has none); any other part without text is a
 * ConfigurationError naming `provider`.
 */
export function systemInstructionTexts(instruction: SystemInstruction, provider: string): string[] {
  const texts: string[] = [];
  for (const part of systemInstructionParts(instruction, provider)) {
    if (part.thought === true) continue;
    if (typeof part.text !== 'string') {
      throw new ConfigurationError({
        provider,
        message: `config.systemInstruction holds a part that is not text; ${provider} accepts only text there.`,
      });
    }
    texts.push(part.text);
  }
  return texts;
}
