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

/** One of Gemini's safety filters, as `@google/genai`'s `SafetySetting` (enum values as strings). */
export interface SafetySetting {
  category?: string;
  /** `SEVERITY` or `PROBABILITY` (Vertex AI only). */
  method?: string;
  threshold?: string;
}

/** The detail media are read at, as `@google/genai`'s `MediaResolution`. */
export type MediaResolution =
  | 'MEDIA_RESOLUTION_UNSPECIFIED'
  | 'MEDIA_RESOLUTION_LOW'
  | 'MEDIA_RESOLUTION_MEDIUM'
  | 'MEDIA_RESOLUTION_HIGH';

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
  /** The reply's JSON Schema; with `responseMimeType: 'application/json'` every provider follows it. */
  responseJsonSchema?: unknown;
  /** The same in Gemini's OpenAPI form (`type: 'OBJECT'`, `nullable`); converted for other providers. */
  responseSchema?: unknown;
  /** Return the log probabilities of the chosen tokens. */
  responseLogprobs?: boolean;
  /** How many most likely alternatives to return for each token, with `responseLogprobs`. */
  logprobs?: number;
  /** How many candidate replies to generate. The chat's turn is always candidate 0. */
  candidateCount?: number;
  thinkingConfig?: ThinkingConfig;
  /** Gemini's safety filters. */
  safetySettings?: SafetySetting[];
  /**
   * Gemini: the name of a cached content (`cachedContents/...`) to use as the prompt's
   * prefix. Other providers ignore it with a warning.
   */
  cachedContent?: string;
  /** Billing labels (Vertex AI). */
  labels?: Record<string, string>;
  /** What the reply may hold: `TEXT`, `IMAGE`, `AUDIO`. */
  responseModalities?: string[];
  mediaResolution?: MediaResolution;
  /** Voice settings for audio replies: a voice name, or `@google/genai`'s `SpeechConfig`. */
  speechConfig?: string | object;
  /** Timestamps in audio understanding (Vertex AI only). */
  audioTimestamp?: boolean;
  /** `@google/genai`'s `AudioTranscriptionConfig`. */
  audioTranscriptionConfig?: object;
  /** `@google/genai`'s `ImageConfig` for image replies (`aspectRatio`, `imageSize`, ...). */
  imageConfig?: object;
  /** Model routing (Vertex AI only): `@google/genai`'s `GenerationConfigRoutingConfig`. */
  routingConfig?: object;
  /** Model selection (Vertex AI only): `@google/genai`'s `ModelSelectionConfig`. */
  modelSelectionConfig?: object;
  enableEnhancedCivicAnswers?: boolean;
  /** Gemini's service tier (`standard`, `flex`, `priority`). */
  serviceTier?: string;
  /** Whether Gemini logs the request, over the project's setting. */
  store?: boolean;
  /** Resumes a Gemini reply that finished with `CONTINUATION` (base64, from that reply). */
  continuationToken?: string;
  /**
   * `@google/genai` resends a reply that finished with `CONTINUATION`; the chat does not
   * (a warning says so): send again with its `continuationToken`.
   */
  automaticContinuation?: boolean;
  /** Model Armor sanitising (Vertex AI only): `@google/genai`'s `ModelArmorConfig`. */
  modelArmorConfig?: object;
  /** Where output assets are persisted (Vertex AI only): `@google/genai`'s `GenerationOutputConfig`. */
  generationOutputConfig?: object;
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
