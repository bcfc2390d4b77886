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

/**
 * One piece of a turn. Shaped like `@google/genai`'s `Part`: exactly one data field
 * (`text`, `inlineData`, `fileData`, `functionCall`, `functionResponse`) is set in a
 * well-formed part. `thought` and `thoughtSignature` are carried through untouched.
 */
export interface Part {
  text?: string;
  inlineData?: Blob;
  fileData?: FileData;
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  /** True when the part is the model's reasoning rather than its answer. */
  thought?: boolean;
  /** Opaque signature a provider attaches to reasoning; must be sent back unchanged. */
  thoughtSignature?: string;
}
