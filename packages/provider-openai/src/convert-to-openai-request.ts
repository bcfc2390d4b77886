import {
  ConfigurationError,
  type Content,
  InvalidHistoryError,
  type Part,
} from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import {
  allowsStrictJsonSchema,
  declarationParameters,
  functionResponseJson,
  PendingCalls,
  providerOptionsOf,
  refuseGoogleOnlyFileUri,
  responseJsonSchemaOf,
  systemInstructionTexts,
} from '@colloquy/provider-kit';
import { OPENAI_PROVIDER, type OpenAIImageDetail } from './openai-options';
import { reasoningEffortOf } from './reasoning-effort-of';

export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: OpenAIImageDetail } }
  | { type: 'input_audio'; input_audio: { data: string; format: 'wav' | 'mp3' } }
  | { type: 'file'; file: { filename: string; file_data: string } };

export interface OpenAIToolCallMessagePart {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[] }
  | {
      role: 'assistant';
      content: string | Array<{ type: 'text'; text: string }>;
      /** The reasoning of a message with tool calls, as DeepSeek and compatible servers want it back. */
      reasoning_content?: string;
      tool_calls?: OpenAIToolCallMessagePart[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type OpenAIToolChoice =
  | 'auto'
  | 'required'
  | 'none'
  | { type: 'function'; function: { name: string } };

/** The Chat Completions request body. Provider options may add any other field. */
export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  stream?: true;
  stream_options?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ConvertToOpenAIRequestArgs {
  model: string;
  contents: readonly Content[];
  config?: TransportConfig;
  stream: boolean;
}

// Keys of providerOptions.openai the adapter consumes, and body keys it owns.
const CONSUMED_OPTIONS = new Set(['systemRole', 'useMaxTokens']);
const RESERVED_BODY_KEYS = new Set(['model', 'messages', 'stream', 'stream_options']);

const AUDIO_FORMATS: Record<string, 'wav' | 'mp3'> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mp3': 'mp3',
  'audio/mpeg': 'mp3',
};

function unsupported(message: string): ConfigurationError {
  return new ConfigurationError({ provider: OPENAI_PROVIDER, message });
}

/** `part.providerOptions.openai.imageDetail`, checked; `undefined` when not given. */
function imageDetailOf(part: Part, where: string): OpenAIImageDetail | undefined {
  const detail = part.providerOptions?.[OPENAI_PROVIDER]?.imageDetail;
  if (detail === undefined) return undefined;
  if (detail === 'auto' || detail === 'low' || detail === 'high') return detail;
  throw unsupported(
    `${where} has providerOptions.openai.imageDetail ${JSON.stringify(detail)}; use "auto", "low" or "high".`,
  );
}

function imagePart(url: string, detail: OpenAIImageDetail | undefined): OpenAIContentPart {
  return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
}

function userPart(part: Part, turnIndex: number, partIndex: number): OpenAIContentPart {
  const where = `Content ${turnIndex} part ${partIndex}`;
  if (part.inlineData) {
    const { mimeType, data } = part.inlineData;
    const mime = mimeType.toLowerCase();
    if (mime.startsWith('image/')) {
      return imagePart(`data:${mimeType};base64,${data}`, imageDetailOf(part, where));
    }
    const format = AUDIO_FORMATS[mime];
    if (format) return { type: 'input_audio', input_audio: { data, format } };
    if (mime === 'application/pdf') {
      // OpenAI wants a filename with inline file data; parts carry none, so name it by position.
      return {
        type: 'file',
        file: { filename: `part-${partIndex}.pdf`, file_data: `data:${mimeType};base64,${data}` },
      };
    }
    throw unsupported(
      `OpenAI Chat Completions cannot take inline data of type ${JSON.stringify(mimeType)}; it accepts images, wav/mp3 audio and application/pdf.`,
    );
  }
  // Only fileData is left: the caller routes every other kind.
  const fileData = part.fileData as NonNullable<Part['fileData']>;
  refuseGoogleOnlyFileUri(fileData.fileUri, OPENAI_PROVIDER, where);
  if (fileData.mimeType?.toLowerCase().startsWith('image/')) {
    return imagePart(fileData.fileUri, imageDetailOf(part, where));
  }
  throw unsupported(
    `OpenAI Chat Completions cannot take a file reference of type ${JSON.stringify(fileData.mimeType ?? '(no mimeType)')}; only image URLs (with an image/* mimeType) are supported.`,
  );
}

function textContent(texts: string[]): string | Array<{ type: 'text'; text: string }> {
  // A single text is a plain string: every compatible server accepts that form.
  if (texts.length === 1) return texts[0] as string;
  // No text (only tool calls, or only dropped thoughts): an empty string, never an empty array.
  if (texts.length === 0) return '';
  return texts.map((text) => ({ type: 'text', text }));
}

/**
 * Converts `contents` (Gemini's shape) and `config` into a Chat Completions request body.
 *
 * - `model` turns become `assistant` messages: text parts → `content`, function calls →
 *   `tool_calls` (arguments as a JSON string). Calls without an id get a stable synthetic id.
 * - Function responses become `tool` messages, placed before the rest of their user turn. A
 *   response without an id answers the earliest unanswered call of the same name in the
 *   preceding model turn.
 * - Thought parts are dropped, except unsigned reasoning on a model turn with tool calls,
 *   sent back as `reasoning_content` (DeepSeek requires it). Signed thoughts are another
 *   provider's and always dropped.
 */
export function convertToOpenAIRequest(args: ConvertToOpenAIRequestArgs): OpenAIChatRequest {
  const { model, contents, config, stream } = args;
  const options = providerOptionsOf(config, OPENAI_PROVIDER);
  const messages: OpenAIMessage[] = [];

  const systemTexts = systemInstructionTexts(config?.systemInstruction, OPENAI_PROVIDER);
  if (systemTexts.length > 0) {
    const role = options.systemRole ?? 'system';
    if (role !== 'system' && role !== 'developer') {
      throw unsupported(
        `providerOptions.openai.systemRole must be "system" or "developer", got ${JSON.stringify(role)}.`,
      );
    }
    messages.push({ role, content: systemTexts.join('\n') });
  }

  const calls = new PendingCalls();
  for (let turnIndex = 0; turnIndex < contents.length; turnIndex++) {
    const content = contents[turnIndex] as Content;
    if (content.role === 'model') {
      calls.clear();
      messages.push(assistantMessage(content, turnIndex, calls));
    } else if (content.role === 'user') {
      userMessages(content, turnIndex, calls, messages);
    } else {
      throw new InvalidHistoryError({ index: turnIndex, role: (content as Content).role });
    }
  }

  const body: OpenAIChatRequest = { model, messages };
  const tools = convertTools(config);
  if (tools) {
    body.tools = tools.tools;
    if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;
  }
  applyGenerationConfig(body, config, options);
  for (const [key, value] of Object.entries(options)) {
    if (!CONSUMED_OPTIONS.has(key) && !RESERVED_BODY_KEYS.has(key)) body[key] = value;
  }
  if (stream) {
    body.stream = true;
    // include_usage makes OpenAI send a last chunk with the token counts; callers may add keys.
    const extra = options.stream_options;
    body.stream_options = {
      include_usage: true,
      ...(extra !== null && typeof extra === 'object' ? extra : {}),
    };
  }
  return body;
}

/**
 * A thought some provider signed (Gemini, Anthropic): meaningless to Chat Completions, and left
 * out with a warning. Reasoning read from reasoning_content carries no signature.
 */
export function isForeignThought(part: Part): boolean {
  return part.thought === true && part.thoughtSignature !== undefined;
}

function assistantMessage(content: Content, turnIndex: number, calls: PendingCalls): OpenAIMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIToolCallMessagePart[] = [];
  content.parts.forEach((part, partIndex) => {
    if (part.thought === true) {
      if (!isForeignThought(part) && typeof part.text === 'string') {
        reasoning.push(part.text);
      }
      return;
    }
    if (typeof part.text === 'string') {
      texts.push(part.text);
    } else if (part.functionCall) {
      const { name, args } = part.functionCall;
      const id = calls.add(part.functionCall, turnIndex, partIndex);
      toolCalls.push({
        id,
        type: 'function',
        function: { name, arguments: JSON.stringify(args ?? {}) },
      });
    } else if (part.functionResponse) {
      throw new InvalidHistoryError({
        index: turnIndex,
        role: 'model',
        message: `Invalid history: content ${turnIndex} is a model turn holding a function response; function responses belong in user turns.`,
      });
    } else if (part.inlineData || part.fileData) {
      throw unsupported(
        `OpenAI Chat Completions takes only text and tool calls in model turns; content ${turnIndex} part ${partIndex} holds a file.`,
      );
    }
  });
  if (toolCalls.length === 0) return { role: 'assistant', content: textContent(texts) };
  const message: OpenAIMessage = { role: 'assistant', content: textContent(texts) };
  // DeepSeek (thinking with tools) answers 400 unless the reasoning of a tool-call message
  // comes back with it; servers that do not know the field ignore it.
  const reasoningText = reasoning.join('');
  if (reasoningText !== '') message.reasoning_content = reasoningText;
  message.tool_calls = toolCalls;
  return message;
}

function userMessages(
  content: Content,
  turnIndex: number,
  calls: PendingCalls,
  messages: OpenAIMessage[],
): void {
  calls.claim(content.parts);
  const parts: OpenAIContentPart[] = [];
  content.parts.forEach((part, partIndex) => {
    if (part.thought === true) return;
    if (part.functionResponse) {
      messages.push({
        role: 'tool',
        tool_call_id: calls.idFor(part.functionResponse, turnIndex),
        content: functionResponseJson(part.functionResponse, OPENAI_PROVIDER),
      });
    } else if (typeof part.text === 'string') {
      parts.push({ type: 'text', text: part.text });
    } else if (part.inlineData || part.fileData) {
      parts.push(userPart(part, turnIndex, partIndex));
    } else if (part.functionCall) {
      throw new InvalidHistoryError({
        index: turnIndex,
        role: 'user',
        message: `Invalid history: content ${turnIndex} is a user turn holding a function call; function calls belong in model turns.`,
      });
    }
  });
  if (parts.length > 0) {
    const only = parts[0];
    messages.push({
      role: 'user',
      content: parts.length === 1 && only?.type === 'text' ? only.text : parts,
    });
  } else if (!content.parts.some((part) => part.functionResponse)) {
    // Keep an empty user turn as a turn, so the conversation's alternation is preserved.
    messages.push({ role: 'user', content: '' });
  }
}

function convertTools(
  config: TransportConfig | undefined,
): { tools: OpenAIFunctionTool[]; toolChoice?: OpenAIToolChoice } | undefined {
  const declarations = (config?.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  if (declarations.length === 0) return undefined;
  const calling = config?.toolConfig?.functionCallingConfig;
  const allowed = calling?.allowedFunctionNames;
  const mode = calling?.mode;
  // With ANY and several allowed names, send only those tools: `required` then picks among them.
  const offered =
    mode === 'ANY' && allowed && allowed.length > 1
      ? declarations.filter((d) => allowed.includes(d.name))
      : declarations;
  const tools = offered.map((declaration): OpenAIFunctionTool => {
    const { name, description } = declaration;
    const parameters = declarationParameters(declaration);
    return {
      type: 'function',
      function:
        description === undefined ? { name, parameters } : { name, description, parameters },
    };
  });
  let toolChoice: OpenAIToolChoice | undefined;
  if (mode === 'AUTO' || mode === 'VALIDATED') toolChoice = 'auto';
  else if (mode === 'NONE') toolChoice = 'none';
  else if (mode === 'ANY') {
    const only = allowed?.length === 1 ? allowed[0] : undefined;
    toolChoice = only !== undefined ? { type: 'function', function: { name: only } } : 'required';
  }
  return toolChoice === undefined ? { tools } : { tools, toolChoice };
}

function applyGenerationConfig(
  body: OpenAIChatRequest,
  config: TransportConfig | undefined,
  options: Record<string, unknown>,
): void {
  if (!config) return;
  if (config.temperature !== undefined) body.temperature = config.temperature;
  if (config.topP !== undefined) body.top_p = config.topP;
  // topK has no Chat Completions equivalent: ignored (documented).
  if (config.maxOutputTokens !== undefined) {
    body[options.useMaxTokens === true ? 'max_tokens' : 'max_completion_tokens'] =
      config.maxOutputTokens;
  }
  if (config.stopSequences !== undefined && config.stopSequences.length > 0) {
    body.stop = config.stopSequences;
  }
  if (config.seed !== undefined) body.seed = config.seed;
  if (config.presencePenalty !== undefined) body.presence_penalty = config.presencePenalty;
  if (config.frequencyPenalty !== undefined) body.frequency_penalty = config.frequencyPenalty;
  if (config.candidateCount !== undefined) body.n = config.candidateCount;
  const effort = reasoningEffortOf(config.thinkingConfig);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (config.responseLogprobs !== undefined) body.logprobs = config.responseLogprobs;
  if (config.logprobs !== undefined) body.top_logprobs = config.logprobs;
  if (config.serviceTier !== undefined) {
    // genai's `standard` is OpenAI's `default`; `flex` and `priority` are the same words.
    body.service_tier = config.serviceTier === 'standard' ? 'default' : config.serviceTier;
  }
  const schema = responseJsonSchemaOf(config);
  if (schema !== undefined) {
    // Strict mode guarantees the schema, but OpenAI refuses it unless every object is closed
    // and requires all its properties; otherwise the schema only guides the reply.
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: allowsStrictJsonSchema(schema) },
    };
  } else if (config.responseMimeType === 'application/json') {
    body.response_format = { type: 'json_object' };
  }
}
