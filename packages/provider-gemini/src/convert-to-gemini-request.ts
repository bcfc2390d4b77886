import {
  ConfigurationError,
  type Content,
  type Part,
  type Tool,
  type ToolConfig,
} from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { type GeminiSafetySetting, geminiCallOptionsOf } from './gemini-options';

/** The body of `generateContent` and `streamGenerateContent`, as sent. */
export interface GeminiRequest {
  contents: readonly Content[];
  systemInstruction?: { parts: Part[] };
  generationConfig: Record<string, unknown>;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  safetySettings?: GeminiSafetySetting[];
  cachedContent?: string;
}

// The common settings that are generationConfig fields of the same name on the wire.
const generationConfigKeys = [
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseJsonSchema',
] as const;

function invalidSystemInstruction(what: string): ConfigurationError {
  return new ConfigurationError({
    provider: 'gemini',
    message: `config.systemInstruction ${what}. Give a string, a Part, a list of strings and Parts, or a Content.`,
  });
}

function toPart(value: unknown): Part {
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Part;
  throw invalidSystemInstruction(`holds ${value === null ? 'null' : typeof value}`);
}

/**
 * Gemini takes the system instruction as a Content; only its parts matter (the API ignores
 * the role). Nothing to say (an empty string or list) sends no instruction at all.
 */
function toSystemInstruction(value: TransportConfig['systemInstruction']): Part[] | undefined {
  if (value === undefined || value === null) return undefined;
  let parts: Part[];
  if (typeof value === 'string') parts = value === '' ? [] : [{ text: value }];
  else if (Array.isArray(value)) parts = value.map(toPart);
  else if (typeof value === 'object' && 'parts' in value) {
    if (!Array.isArray(value.parts))
      throw invalidSystemInstruction('has parts that are not a list');
    parts = value.parts;
  } else parts = [toPart(value)];
  return parts.length > 0 ? parts : undefined;
}

/**
 * Maps a turn list and a chat-core config to Gemini's request body. Colloquy's `Content` is
 * Gemini's, so the turns go as they are (thoughts, thought signatures and call ids
 * included; Gemini needs no synthesised ids) and are never copied or mutated.
 */
export function convertToGeminiRequest(args: {
  contents: readonly Content[];
  config?: TransportConfig;
}): GeminiRequest {
  const { contents, config } = args;
  const options = geminiCallOptionsOf(config);
  // Always present, even empty: the official SDK sends `generationConfig: {}` too.
  const generationConfig: Record<string, unknown> = { ...options.generationConfig };
  if (config) {
    for (const key of generationConfigKeys) {
      if (config[key] !== undefined) generationConfig[key] = config[key];
    }
  }
  const request: GeminiRequest = { contents, generationConfig };
  const systemParts = toSystemInstruction(config?.systemInstruction);
  if (systemParts) request.systemInstruction = { parts: systemParts };
  if (config?.tools && config.tools.length > 0) request.tools = config.tools;
  if (config?.toolConfig) request.toolConfig = config.toolConfig;
  if (options.safetySettings) request.safetySettings = options.safetySettings;
  if (options.cachedContent !== undefined) request.cachedContent = options.cachedContent;
  return request;
}
