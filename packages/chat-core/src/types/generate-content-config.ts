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
  tools?: ToolListUnion;
  toolConfig?: ToolConfig;
  automaticFunctionCalling?: AutomaticFunctionCallingConfig;
  /** Cancels the request and its stream. Client-side only: a provider may still bill it. */
  abortSignal?: AbortSignal;
  httpOptions?: HttpOptions;
  /** Settings only one provider understands, keyed by provider name (`gemini`, `openai`, ...). */
  providerOptions?: Record<string, Record<string, unknown>>;
}
