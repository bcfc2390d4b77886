import type { Content } from './content';
import type { FunctionCall } from './part';

/**
 * Why the model stopped. Gemini's values; adapters map other providers' reasons onto them
 * (see each adapter's finish-reason map). A function call finishes with `STOP`.
 */
export type FinishReason =
  | 'FINISH_REASON_UNSPECIFIED'
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'LANGUAGE'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'SPII'
  | 'MALFORMED_FUNCTION_CALL'
  | 'UNEXPECTED_TOOL_CALL'
  | 'TOO_MANY_TOOL_CALLS'
  | (string & {});

export interface SafetyRating {
  category?: string;
  probability?: string;
  blocked?: boolean;
  [key: string]: unknown;
}

/** Where a Gemini reply grounded with Google Search or URL context got its facts. */
export interface GroundingMetadata {
  webSearchQueries?: string[];
  groundingChunks?: Array<{ web?: { uri?: string; title?: string; domain?: string } }>;
  groundingSupports?: Array<{
    segment?: { startIndex?: number; endIndex?: number; text?: string; partIndex?: number };
    groundingChunkIndices?: number[];
    confidenceScores?: number[];
  }>;
  /** The Google Search suggestions Gemini's terms ask apps to show. */
  searchEntryPoint?: { renderedContent?: string; sdkBlob?: string };
  [key: string]: unknown;
}

/** Sources a Gemini reply recites, as `@google/genai` types them. */
export interface CitationMetadata {
  citations?: Array<{
    startIndex?: number;
    endIndex?: number;
    uri?: string;
    title?: string;
    license?: string;
    [key: string]: unknown;
  }>;
}

/** What Gemini's `urlContext` tool fetched. */
export interface UrlContextMetadata {
  urlMetadata?: Array<{ retrievedUrl?: string; urlRetrievalStatus?: string }>;
}

export interface Candidate {
  content?: Content;
  /** Gemini: the searches and sources behind a grounded reply. */
  groundingMetadata?: GroundingMetadata;
  citationMetadata?: CitationMetadata;
  urlContextMetadata?: UrlContextMetadata;
  finishReason?: FinishReason;
  finishMessage?: string;
  safetyRatings?: SafetyRating[];
  index?: number;
}

export interface PromptFeedback {
  blockReason?: string;
  blockReasonMessage?: string;
  safetyRatings?: SafetyRating[];
}

/**
 * Token counts of a reply, with genai's meanings on every provider (see the "Usage" section
 * of docs/provider-settings.md for what each adapter maps).
 */
export interface UsageMetadata {
  /** The whole prompt, cached tokens (read or written) included. */
  promptTokenCount?: number;
  /** The reply, thoughts excluded where the provider counts them apart (Anthropic does not). */
  candidatesTokenCount?: number;
  /** Reasoning tokens, when the provider reports them apart from the reply. */
  thoughtsTokenCount?: number;
  /** Prompt tokens read from a cache (part of `promptTokenCount`). */
  cachedContentTokenCount?: number;
  /** Prompt tokens written to a cache by this request (part of `promptTokenCount`). */
  cacheWriteTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
  [key: string]: unknown;
}

/**
 * A setting the provider ignored or only approximated for this request (as the Vercel AI
 * SDK's call warnings). With `config.strict` such a setting fails before the request instead.
 */
export interface ResponseWarning {
  /** The config setting, as written in `GenerateContentConfig` (`topK`, `thinkingConfig.thinkingBudget`). */
  setting: string;
  /** The provider that could not honour it (`openai`, `anthropic`, ...). */
  provider: string;
  /** What happened to the setting and what to do instead. */
  message: string;
}

/** Plain data of a response: what adapters produce and what crosses worker threads. */
export interface GenerateContentResponseInit {
  candidates?: Candidate[];
  promptFeedback?: PromptFeedback;
  usageMetadata?: UsageMetadata;
  modelVersion?: string;
  responseId?: string;
  createTime?: string;
  /** The turns automatic function calling added before this response (set by the chat). */
  automaticFunctionCallingHistory?: Content[];
  /**
   * Settings the provider ignored or approximated. A stream carries them on its first chunk,
   * and a streamed turn's response on the accumulated reply.
   */
  warnings?: ResponseWarning[];
}

/**
 * A model response (or one chunk of a streamed one), shaped like `@google/genai`'s.
 * `text` and `functionCalls` read the first candidate.
 */
export class GenerateContentResponse implements GenerateContentResponseInit {
  // `declare`: no own properties set to undefined on every instance (they would show up
  // in Object.keys, structuredClone and equality checks, and cost time on hot paths).
  declare candidates?: Candidate[];
  declare promptFeedback?: PromptFeedback;
  declare usageMetadata?: UsageMetadata;
  declare modelVersion?: string;
  declare responseId?: string;
  declare createTime?: string;
  declare automaticFunctionCallingHistory?: Content[];
  declare warnings?: ResponseWarning[];

  constructor(init: GenerateContentResponseInit = {}) {
    // Only fields that are present, so `toEqual` and JSON output stay free of `undefined`
    // keys. Spelled out rather than looped: this runs for every chunk of every stream.
    if (init.candidates !== undefined) this.candidates = init.candidates;
    if (init.promptFeedback !== undefined) this.promptFeedback = init.promptFeedback;
    if (init.usageMetadata !== undefined) this.usageMetadata = init.usageMetadata;
    if (init.modelVersion !== undefined) this.modelVersion = init.modelVersion;
    if (init.responseId !== undefined) this.responseId = init.responseId;
    if (init.createTime !== undefined) this.createTime = init.createTime;
    if (init.automaticFunctionCallingHistory !== undefined) {
      this.automaticFunctionCallingHistory = init.automaticFunctionCallingHistory;
    }
    if (init.warnings !== undefined) this.warnings = init.warnings;
  }

  /** Wraps plain response data; returns an existing instance as is. */
  static from(
    value: GenerateContentResponse | GenerateContentResponseInit,
  ): GenerateContentResponse {
    return value instanceof GenerateContentResponse ? value : new GenerateContentResponse(value);
  }

  /**
   * The concatenated text of the first candidate's non-thought text parts, or `undefined`
   * when it has none.
   */
  get text(): string | undefined {
    const parts = this.candidates?.[0]?.content?.parts;
    if (!parts) return undefined;
    let text = '';
    let any = false;
    for (const part of parts) {
      if (typeof part.text === 'string' && part.thought !== true) {
        text += part.text;
        any = true;
      }
    }
    return any ? text : undefined;
  }

  /** The function calls of the first candidate, or `undefined` when there are none. */
  get functionCalls(): FunctionCall[] | undefined {
    const parts = this.candidates?.[0]?.content?.parts;
    if (!parts) return undefined;
    const calls: FunctionCall[] = [];
    for (const part of parts) if (part.functionCall) calls.push(part.functionCall);
    return calls.length > 0 ? calls : undefined;
  }

  /** The first candidate's finish reason. */
  get finishReason(): FinishReason | undefined {
    return this.candidates?.[0]?.finishReason;
  }
}
