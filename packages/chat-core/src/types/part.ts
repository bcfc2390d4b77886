/** Raw bytes sent inline, base64-encoded. */
export interface Blob {
  mimeType: string;
  /** Base64-encoded bytes. */
  data: string;
}

/** A reference to a file the provider can fetch (e.g. a Gemini Files API URI). */
export interface FileData {
  mimeType?: string;
  fileUri: string;
}

/** A model's request to call a function. */
export interface FunctionCall {
  /** Provider-assigned call id; adapters synthesise a stable one where a provider needs it. */
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

/** The result of a function call, sent back to the model. */
export interface FunctionResponse {
  /** The id of the call this answers. */
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/** Code the model wrote and ran with Gemini's code execution tool, as `@google/genai` types it. */
export interface ExecutableCode {
  code?: string;
  /** `PYTHON` today. */
  language?: string;
}

/** What running an `ExecutableCode` part gave, as `@google/genai` types it. */
export interface CodeExecutionResult {
  /** `OUTCOME_OK`, `OUTCOME_FAILED` or `OUTCOME_DEADLINE_EXCEEDED`. */
  outcome?: string;
  /** Standard output, or the error when the code failed. */
  output?: string;
}

/**
 * A source the text of a part cites: Anthropic's `citations` on a text block, OpenAI's
 * `url_citation` annotations. Indexes, where given, are character offsets into the part's text.
 */
export interface Citation {
  uri?: string;
  title?: string;
  /** The quoted text that supports the claim (Anthropic's `cited_text`). */
  citedText?: string;
  startIndex?: number;
  endIndex?: number;
  /**
   * The provider's own citation object, kept so it goes back to that provider unchanged
   * (Anthropic's encrypted index); other providers leave it out.
   */
  providerCitation?: ProviderData;
}

/** A provider's own wire object, kept for that provider and left out by the others. */
export interface ProviderData {
  /** The provider that sent it (`anthropic`, ...). */
  provider: string;
  data: Record<string, unknown>;
}

/**
 * Per-part settings only one provider understands, keyed by provider name, as
 * `config.providerOptions` (e.g. `{ anthropic: { cacheControl: { type: 'ephemeral' } } }`,
 * `{ openai: { imageDetail: 'low' } }`). Adapters for other providers leave them out.
 */
export type PartProviderOptions = Record<string, Record<string, unknown>>;

/**
 * One piece of a turn. Shaped like `@google/genai`'s `Part`: exactly one data field
 * (`text`, `inlineData`, `fileData`, `functionCall`, `functionResponse`, `executableCode`,
 * `codeExecutionResult`, `providerBlock`) is set in a well-formed part. `thought` and `thoughtSignature` are carried through untouched.
 */
export interface Part {
  text?: string;
  inlineData?: Blob;
  fileData?: FileData;
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  /** Code the model ran with Gemini's `codeExecution` tool. */
  executableCode?: ExecutableCode;
  /** The result of the `executableCode` part before it. */
  codeExecutionResult?: CodeExecutionResult;
  /**
   * A block of a provider's own kind that the Gemini shape has no field for (Anthropic's
   * `server_tool_use` and `web_search_tool_result`), kept so the conversation goes back to
   * that provider whole; other providers leave it out.
   */
  providerBlock?: ProviderData;
  /** Sources this part's text cites. */
  citations?: Citation[];
  /** Settings of this part for one provider (cache breakpoints, image detail). */
  providerOptions?: PartProviderOptions;
  /** True when the part is the model's reasoning rather than its answer. */
  thought?: boolean;
  /** Opaque signature a provider attaches to reasoning; must be sent back unchanged. */
  thoughtSignature?: string;
}
