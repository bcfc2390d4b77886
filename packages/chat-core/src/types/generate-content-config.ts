import type { Content, PartListUnion } from './content';
import type { ToolConfig, ToolListUnion } from './tool';

export interface AutomaticFunctionCallingConfig {
  /** Turn automatic function calling off: function calls are returned to the caller. */
  disable?: boolean;
  /** How many function-call rounds the chat runs for one send before it stops. Default 10. */
  maximumRemoteCalls?: number;
}

export interface HttpOptions {
  /** Request timeout in milliseconds. */
  timeout?: number;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
  /** Retries for this request, overriding the adapter's `maxRetries`. */
  maxRetries?: number;
  /** Stream idle timeout in milliseconds for this request, overriding the adapter's. */
  idleTimeout?: number;
}

/** How much the model thinks, as `@google/genai`'s `ThinkingLevel`. */
export type ThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

/**
 * Thinking (reasoning) settings, shaped like `@google/genai`'s `ThinkingConfig`. One setting
 * for every provider: Gemini takes it as is, Anthropic as `thinking`, OpenAI as
 * `reasoning_effort` (see docs/provider-settings.md for the mapping).
 */
export interface ThinkingConfig {
  /** Return the model's thoughts as parts with `thought: true`, where the provider can. */
  includeThoughts?: boolean;
  /** Tokens the model may spend thinking; 0 turns thinking off, -1 lets the model decide. */
  thinkingBudget?: number;
  /** A coarser alternative to `thinkingBudget`. */
  thinkingLevel?: ThinkingLevel;
}

/**
 * Generation settings, shaped like `@google/genai`'s `GenerateContentConfig`. Adapters map
 * what their provider supports; provider-only settings go in `providerOptions[providerName]`.
 */
export interface GenerateContentConfig {
  systemInstruction?: string | Content | PartListUnion;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseJsonSchema?: unknown;
  /** How many candidate replies to generate. The chat's turn is always candidate 0. */
  candidateCount?: number;
  thinkingConfig?: ThinkingConfig;
  /**
   * Gemini: the name of a cached content (`cachedContents/...`) to use as the prompt's
   * prefix. Other providers ignore it with a warning.
   */
  cachedContent?: string;
  tools?: ToolListUnion;
  toolConfig?: ToolConfig;
  automaticFunctionCalling?: AutomaticFunctionCallingConfig;
  /** Cancels the request and its stream. Client-side only: a provider may still bill it. */
  abortSignal?: AbortSignal;
  httpOptions?: HttpOptions;
  /**
   * Refuse settings the provider would ignore or approximate: with `true`, what would be a
   * response's `warnings` is a `ConfigurationError` before the request is sent.
   */
  strict?: boolean;
  /** Settings only one provider understands, keyed by provider name (`gemini`, `openai`, ...). */
  providerOptions?: Record<string, Record<string, unknown>>;
}
