import type { Content, Part, Tool, ToolConfig } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { systemInstructionParts } from '@colloquy/provider-kit';
import { GEMINI_PROVIDER, type GeminiSafetySetting, geminiCallOptionsOf } from './gemini-options';

/** The body of `generateContent` and `streamGenerateContent`, as sent. */
export interface GeminiRequest {
  contents: readonly Content[];
  systemInstruction?: { parts: Part[] };
  generationConfig: Record<string, unknown>;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  safetySettings?: GeminiSafetySetting[];
  cachedContent?: string;
  labels?: Record<string, string>;
  serviceTier?: string;
  store?: boolean;
  continuationToken?: string;
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
  'responseSchema',
  'responseLogprobs',
  'logprobs',
  'candidateCount',
  'thinkingConfig',
  'responseModalities',
  'mediaResolution',
  'enableEnhancedCivicAnswers',
  'audioTranscriptionConfig',
  'imageConfig',
] as const;
// routingConfig, modelSelectionConfig, audioTimestamp, modelArmorConfig and
// generationOutputConfig are Vertex AI's: the Gemini API
// refuses them, so they are not sent (a warning says so: gemini-unsupported-settings.ts).

/**
 * A thought signed by another provider: Gemini's signatures are bare base64, which has no
 * `:`, while adapters that mark theirs (Anthropic's `anthropic:`, `redacted_thinking:`) do.
 * Gemini refuses a signature it did not issue, so such thoughts are left out (with a warning).
 */
export function isForeignThought(part: Part): boolean {
  return part.thought === true && part.thoughtSignature?.includes(':') === true;
}

/** Another provider's blocks (Anthropic server-tool results) are left out whole. */
function isForeignPart(part: Part): boolean {
  return isForeignThought(part) || part.providerBlock !== undefined;
}

/** Fields Gemini's `Part` does not have, which it would refuse (`Unknown name`). */
function hasForeignFields(part: Part): boolean {
  return part.citations !== undefined || part.providerOptions !== undefined;
}

function needsCopy(content: Content): boolean {
  return (
    content.providerOptions !== undefined ||
    content.parts?.some((part) => isForeignPart(part) || hasForeignFields(part)) === true
  );
}

/**
 * The contents as they are, or, when some hold what only another provider reads (its
 * thoughts and blocks, citations, provider options), copies without it.
 */
function withoutForeignData(contents: readonly Content[]): readonly Content[] {
  if (!contents.some(needsCopy)) return contents;
  return contents.map((content) => {
    if (!needsCopy(content)) return content;
    const parts: Part[] = [];
    for (const part of content.parts ?? []) {
      if (isForeignPart(part)) continue;
      if (!hasForeignFields(part)) parts.push(part);
      else {
        const { citations: _citations, providerOptions: _options, ...rest } = part;
        parts.push(rest);
      }
    }
    return { role: content.role, parts };
  });
}

/**
 * Maps a turn list and a chat-core config to Gemini's request body. Colloquy's `Content` is
 * Gemini's, so the turns go as they are (thoughts, thought signatures and call ids
 * included; Gemini needs no synthesised ids) and are never mutated; they are copied only to
 * leave out what only another provider reads.
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
    // genai's shorthand: a voice name stands for a prebuilt voice.
    if (typeof config.speechConfig === 'string') {
      generationConfig.speechConfig = {
        voiceConfig: { prebuiltVoiceConfig: { voiceName: config.speechConfig } },
      };
    } else if (config.speechConfig !== undefined) {
      generationConfig.speechConfig = config.speechConfig;
    }
  }
  const request: GeminiRequest = { contents: withoutForeignData(contents), generationConfig };
  // Gemini takes the instruction as a Content, role ignored; nothing to say sends none.
  const systemParts = systemInstructionParts(config?.systemInstruction, GEMINI_PROVIDER);
  if (systemParts.length > 0) request.systemInstruction = { parts: systemParts };
  if (config?.tools && config.tools.length > 0) request.tools = config.tools;
  if (config?.toolConfig) request.toolConfig = config.toolConfig;
  // The top-level settings win over the same ones in providerOptions.gemini.
  const safetySettings = config?.safetySettings ?? options.safetySettings;
  if (safetySettings) request.safetySettings = safetySettings as GeminiSafetySetting[];
  const cachedContent = config?.cachedContent ?? options.cachedContent;
  if (cachedContent !== undefined) request.cachedContent = cachedContent;
  if (config?.labels !== undefined) request.labels = config.labels;
  if (config?.serviceTier !== undefined) request.serviceTier = config.serviceTier;
  if (config?.store !== undefined) request.store = config.store;
  if (config?.continuationToken !== undefined) {
    request.continuationToken = config.continuationToken;
  }
  return request;
}
