import {
  type Blob,
  ConfigurationError,
  type Content,
  type FileData,
  InvalidHistoryError,
  InvalidMessageError,
  type Part,
  type ToolConfig,
} from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import {
  declarationParameters,
  functionResponseJson,
  PendingCalls,
  refuseGoogleOnlyFileUri,
  systemInstructionTexts,
} from '@colloquy/provider-kit';
import { anthropicCallOptionsOf, cacheControlOf } from './anthropic-call-options';
import { anthropicCitationsOf } from './anthropic-citations';
import { ANTHROPIC_PROVIDER, type AnthropicCacheControl } from './anthropic-options';
import { convertAnthropicThinking } from './convert-anthropic-thinking';
import { JSON_RESPONSE_TOOL, jsonResponseToolOf } from './json-response-tool';
import { redactedThinkingData } from './redacted-thinking';
import { thinkingSignatureOf } from './thinking-signature';

// The wire request, as far as the adapter writes it. providerOptions.anthropic adds the rest.

export interface AnthropicTextParam {
  type: 'text';
  text: string;
  /** Anthropic's own citations of this text, sent back as they came. */
  citations?: unknown[];
  cache_control?: AnthropicCacheControl;
}

export type AnthropicSourceParam =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: 'text/plain'; data: string };

export interface AnthropicImageParam {
  type: 'image';
  source: AnthropicSourceParam;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicDocumentParam {
  type: 'document';
  source: AnthropicSourceParam;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolResultParam {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** A server-tool block (`server_tool_use`, `web_search_tool_result`, ...) sent back as it came. */
export interface AnthropicServerBlockParam {
  type: `${string}_tool_use` | `${string}_tool_result`;
  cache_control?: AnthropicCacheControl;
  [key: string]: unknown;
}

export interface AnthropicThinkingParam {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingParam {
  type: 'redacted_thinking';
  data: string;
}

export type AnthropicContentParam =
  | AnthropicTextParam
  | AnthropicImageParam
  | AnthropicDocumentParam
  | AnthropicToolUseParam
  | AnthropicToolResultParam
  | AnthropicThinkingParam
  | AnthropicRedactedThinkingParam
  | AnthropicServerBlockParam;

export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: AnthropicContentParam[];
}

export interface AnthropicToolParam {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'none' }
  | { type: 'tool'; name: string };

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextParam[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: unknown[];
  tool_choice?: AnthropicToolChoice;
  stream?: boolean;
  [key: string]: unknown;
}

export interface ConvertToAnthropicRequestArgs {
  model: string;
  contents: readonly Content[];
  config?: TransportConfig;
  /** `max_tokens` when `config.maxOutputTokens` is unset. */
  defaultMaxTokens: number;
  /** Text of the user message put before a history that starts with a model turn. */
  leadingUserText: string;
  stream?: boolean;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const PDF = 'application/pdf';
const PLAIN_TEXT = 'text/plain';

function configurationError(message: string): ConfigurationError {
  return new ConfigurationError({ provider: ANTHROPIC_PROVIDER, message });
}

/** `image/png; x=y` → `image/png`; `image/jpg` → `image/jpeg`. */
function normaliseMimeType(mimeType: string): string {
  const type = mimeType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'image/jpg' ? 'image/jpeg' : type;
}

function inlineDataBlock(blob: Blob, turnIndex: number): AnthropicContentParam {
  const mimeType = normaliseMimeType(blob.mimeType ?? '');
  const source: AnthropicSourceParam = { type: 'base64', media_type: mimeType, data: blob.data };
  if (IMAGE_TYPES.has(mimeType)) return { type: 'image', source };
  if (mimeType === PDF) return { type: 'document', source };
  if (mimeType === PLAIN_TEXT) {
    return {
      type: 'document',
      source: { type: 'text', media_type: PLAIN_TEXT, data: decodeText(blob.data, turnIndex) },
    };
  }
  throw configurationError(
    `Content ${turnIndex} has inline data of type "${blob.mimeType}", which Anthropic does not accept. Send images (image/jpeg, image/png, image/gif, image/webp), PDFs (application/pdf) or text (text/plain).`,
  );
}

/** Base64 UTF-8 as text: Anthropic takes a text document as the text itself. */
function decodeText(base64: string, turnIndex: number): string {
  try {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw configurationError(
      `Content ${turnIndex} has text/plain inline data that is not base64-encoded UTF-8 text.`,
    );
  }
}

function fileDataBlock(file: FileData, turnIndex: number): AnthropicContentParam {
  const uri = file.fileUri;
  refuseGoogleOnlyFileUri(uri, ANTHROPIC_PROVIDER, `Content ${turnIndex}`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw configurationError(
      `Content ${turnIndex} refers to a file by a ${scheme ? `"${scheme}:"` : 'relative'} URI; Anthropic can only fetch http(s) URLs. Send the bytes as inlineData instead.`,
    );
  }
  const source: AnthropicSourceParam = { type: 'url', url: uri };
  const mimeType = file.mimeType === undefined ? undefined : normaliseMimeType(file.mimeType);
  if (mimeType === PDF) return { type: 'document', source };
  if (mimeType === undefined) {
    const isPdf = /\.pdf$/i.test(uri.split(/[?#]/, 1)[0] ?? '');
    return { type: isPdf ? 'document' : 'image', source };
  }
  if (IMAGE_TYPES.has(mimeType)) return { type: 'image', source };
  throw configurationError(
    `Content ${turnIndex} refers to a file of type "${file.mimeType}", which Anthropic does not fetch by URL. Refer to images (image/jpeg, image/png, image/gif, image/webp) or PDFs (application/pdf), or send the file as inlineData (text/plain is accepted inline).`,
  );
}

function convertModelParts(
  parts: readonly Part[],
  turnIndex: number,
  calls: PendingCalls,
): AnthropicContentParam[] {
  const blocks: AnthropicContentParam[] = [];
  // Thought text without a signature, waiting for the signed part that closes its block:
  // a streamed thinking block may reach the history as several parts.
  let pendingThought = '';
  for (let partIndex = 0; partIndex < parts.length; partIndex++) {
    const part = parts[partIndex] as Part;
    if (part.thought === true && part.functionCall === undefined) {
      const signature = part.thoughtSignature;
      if (signature === undefined || signature === '') {
        pendingThought += part.text ?? '';
        continue;
      }
      const redacted = redactedThinkingData(signature);
      const own = thinkingSignatureOf(signature);
      if (redacted !== undefined) blocks.push({ type: 'redacted_thinking', data: redacted });
      else if (own !== undefined) {
        const thinking = pendingThought + (part.text ?? '');
        blocks.push({ type: 'thinking', thinking, signature: own });
      }
      // Else signed by another provider (a Gemini thoughtSignature): the API would refuse it.
      pendingThought = '';
      continue;
    }
    // Anthropic refuses thinking without its signature: unsigned thought text is dropped.
    pendingThought = '';
    const before = blocks.length;
    if (part.providerBlock) {
      // Another provider's block means nothing here; Anthropic's own go back as they came.
      const { provider, data } = part.providerBlock;
      if (provider === ANTHROPIC_PROVIDER) blocks.push({ ...data } as AnthropicServerBlockParam);
    } else if (part.functionCall) {
      const { name, args } = part.functionCall;
      const id = calls.add(part.functionCall, turnIndex, partIndex);
      blocks.push({ type: 'tool_use', id, name, input: args ?? {} });
    } else if (typeof part.text === 'string') {
      if (hasText(part.text)) blocks.push(textBlock(part));
    } else if (part.functionResponse) {
      throw new InvalidHistoryError({
        index: turnIndex,
        message: `Invalid history: content ${turnIndex} is a model turn holding a function response; function responses belong in user turns.`,
      });
    } else if (part.inlineData || part.fileData) {
      throw configurationError(
        `Content ${turnIndex} is a model turn holding a file or inline data; Anthropic accepts those only in user turns.`,
      );
    }
    applyCacheControl(blocks, before, part, turnIndex, partIndex);
  }
  return blocks;
}

function textBlock(part: Part): AnthropicTextParam {
  const block: AnthropicTextParam = { type: 'text', text: part.text as string };
  const citations = anthropicCitationsOf(part.citations);
  if (citations) block.citations = citations;
  return block;
}

/** A part's cache breakpoint goes on the block made from it, if one was. */
function applyCacheControl(
  blocks: AnthropicContentParam[],
  before: number,
  part: Part,
  turnIndex: number,
  partIndex: number,
): void {
  const cacheControl = cacheControlOf(
    part.providerOptions,
    `Content ${turnIndex} part ${partIndex}:`,
  );
  if (cacheControl && blocks.length > before) setCacheControl(blocks, cacheControl);
}

/** Puts a breakpoint on the last block, unless it is thinking (which cannot carry one). */
function setCacheControl(blocks: AnthropicContentParam[], cacheControl: AnthropicCacheControl) {
  const block = blocks[blocks.length - 1];
  if (block && block.type !== 'thinking' && block.type !== 'redacted_thinking') {
    block.cache_control = cacheControl;
  }
}

function convertUserParts(
  parts: readonly Part[],
  turnIndex: number,
  calls: PendingCalls,
): AnthropicContentParam[] {
  calls.claim(parts);
  const results: AnthropicContentParam[] = [];
  const others: AnthropicContentParam[] = [];
  for (let partIndex = 0; partIndex < parts.length; partIndex++) {
    const part = parts[partIndex] as Part;
    const list = part.functionResponse ? results : others;
    const before = list.length;
    if (part.functionResponse) {
      const response = part.functionResponse;
      const block: AnthropicToolResultParam = {
        type: 'tool_result',
        tool_use_id: calls.idFor(response, turnIndex),
        content: functionResponseJson(response, ANTHROPIC_PROVIDER),
      };
      // `error: null` (a tool saying "no error") is not a failure.
      if (response.response?.error != null) block.is_error = true;
      results.push(block);
    } else if (part.thought === true) {
      // Reasoning is the model's; a user turn has none to send.
    } else if (typeof part.text === 'string') {
      if (hasText(part.text)) others.push(textBlock(part));
    } else if (part.inlineData) {
      others.push(inlineDataBlock(part.inlineData, turnIndex));
    } else if (part.fileData) {
      others.push(fileDataBlock(part.fileData, turnIndex));
    } else if (part.functionCall) {
      throw new InvalidHistoryError({
        index: turnIndex,
        message: `Invalid history: content ${turnIndex} is a user turn holding a function call; function calls belong in model turns.`,
      });
    }
    applyCacheControl(list, before, part, turnIndex, partIndex);
  }
  return results.length === 0 ? others : others.length === 0 ? results : [...results, ...others];
}

/** Anthropic wants a user message's tool results ahead of its other blocks (stable order). */
function toolResultsFirst(blocks: AnthropicContentParam[]): AnthropicContentParam[] {
  let sorted = true;
  let seenOther = false;
  for (const block of blocks) {
    if (block.type !== 'tool_result') seenOther = true;
    else if (seenOther) sorted = false;
  }
  if (sorted) return blocks;
  return [
    ...blocks.filter((block) => block.type === 'tool_result'),
    ...blocks.filter((block) => block.type !== 'tool_result'),
  ];
}

/**
 * The Messages API refuses text blocks that are empty or only whitespace ("text content
 * blocks must contain non-whitespace text"), in any turn: one such block in the history would
 * fail every later request. Those blocks are left out.
 */
function hasText(text: string): boolean {
  return text.trim() !== '';
}

/** Gemini turns as Anthropic messages: roles renamed, same-role turns merged, ids paired. */
export function convertContents(
  contents: readonly Content[],
  leadingUserText: string,
): AnthropicMessageParam[] {
  const messages: AnthropicMessageParam[] = [];
  const calls = new PendingCalls();
  let previousRole: string | undefined;
  for (let turnIndex = 0; turnIndex < contents.length; turnIndex++) {
    const content = contents[turnIndex] as Content;
    let role: 'user' | 'assistant';
    let blocks: AnthropicContentParam[];
    if (content.role === 'model') {
      // Consecutive model turns form one assistant message: their calls are answered together.
      if (previousRole !== 'model') calls.clear();
      role = 'assistant';
      blocks = convertModelParts(content.parts ?? [], turnIndex, calls);
    } else if (content.role === 'user') {
      role = 'user';
      blocks = convertUserParts(content.parts ?? [], turnIndex, calls);
    } else {
      throw new InvalidHistoryError({ index: turnIndex, role: content.role });
    }
    previousRole = content.role;
    const turnCache = cacheControlOf(content.providerOptions, `Content ${turnIndex}:`);
    if (turnCache) setCacheControl(blocks, turnCache);
    if (blocks.length === 0) {
      // An earlier turn with nothing to send (a whitespace reply, say) is left out; the new
      // message cannot be, or the request would end on the model's turn and be read as a
      // prefill to continue.
      if (turnIndex === contents.length - 1 && role === 'user') {
        throw new InvalidMessageError({
          message:
            'Invalid message for Anthropic: it holds no text but whitespace, which the Messages API refuses. Send some text or a Part.',
        });
      }
      continue;
    }
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  }
  for (const message of messages) {
    if (message.role === 'user') message.content = toolResultsFirst(message.content);
  }
  if (messages[0]?.role === 'assistant') {
    messages.unshift({ role: 'user', content: [{ type: 'text', text: leadingUserText }] });
  }
  return messages;
}

function convertSystemInstruction(
  instruction: TransportConfig['systemInstruction'],
): string | AnthropicTextParam[] | undefined {
  if (typeof instruction === 'string') return hasText(instruction) ? instruction : undefined;
  const blocks: AnthropicTextParam[] = [];
  for (const text of systemInstructionTexts(instruction, ANTHROPIC_PROVIDER)) {
    if (hasText(text)) blocks.push({ type: 'text', text });
  }
  return blocks.length > 0 ? blocks : undefined;
}

function convertTools(config: TransportConfig | undefined): AnthropicToolParam[] {
  const out: AnthropicToolParam[] = [];
  const calling = config?.toolConfig?.functionCallingConfig;
  const allowed = calling?.allowedFunctionNames;
  // tool_choice can force one named tool or any tool, not a subset: with ANY and several
  // allowed names only those are offered, and `any` then picks among them.
  const only = calling?.mode === 'ANY' && allowed && allowed.length > 1 ? allowed : undefined;
  for (const tool of config?.tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? []) {
      if (only && !only.includes(declaration.name)) continue;
      const param: AnthropicToolParam = {
        name: declaration.name,
        // The Messages API requires a schema; the kit gives an empty object schema for none.
        input_schema: declarationParameters(declaration),
      };
      if (declaration.description !== undefined) param.description = declaration.description;
      out.push(param);
    }
  }
  return out;
}

function convertToolChoice(toolConfig: ToolConfig | undefined): AnthropicToolChoice | undefined {
  const calling = toolConfig?.functionCallingConfig;
  switch (calling?.mode) {
    case 'AUTO':
    case 'VALIDATED':
      return { type: 'auto' };
    case 'ANY': {
      const allowed = calling.allowedFunctionNames;
      // One name is forced; several were applied to the tools offered (convertTools).
      return allowed?.length === 1 && allowed[0] !== undefined
        ? { type: 'tool', name: allowed[0] }
        : { type: 'any' };
    }
    case 'NONE':
      return { type: 'none' };
    default:
      return undefined;
  }
}

/**
 * `autoCache`: breakpoints on the last system block, the last tool and the last message's
 * last block, so each request reads the previous one's prefix from the cache (Anthropic
 * allows four; these take three).
 */
function cacheStablePrefix(
  body: AnthropicMessagesRequest,
  tools: Array<Record<string, unknown>>,
  cacheControl: AnthropicCacheControl,
): void {
  if (typeof body.system === 'string') {
    body.system = [{ type: 'text', text: body.system, cache_control: cacheControl }];
  } else if (Array.isArray(body.system)) {
    const last = body.system[body.system.length - 1];
    if (last) last.cache_control = cacheControl;
  }
  const lastTool = tools[tools.length - 1];
  if (lastTool) lastTool.cache_control = cacheControl;
  const lastMessage = body.messages[body.messages.length - 1];
  if (lastMessage) setCacheControl(lastMessage.content, cacheControl);
}

/**
 * Structured output through a tool: the Messages API follows a tool's input schema, so the
 * reply's schema becomes a tool the model must call (the response converters turn the call
 * back into the reply's text). With other tools, `any` lets the model call those first; mode
 * NONE leaves them out. Anthropic refuses a forced tool while thinking: then `auto`, warned.
 */
function applyJsonResponseTool(
  body: AnthropicMessagesRequest,
  { functions, tools }: { functions: AnthropicToolParam[]; tools: unknown[] },
  jsonTool: AnthropicToolParam,
  config: TransportConfig | undefined,
): void {
  if (functions.some((tool) => tool.name === JSON_RESPONSE_TOOL)) {
    throw configurationError(
      `A function is named "${JSON_RESPONSE_TOOL}", the name the adapter gives the tool that carries a JSON reply (responseMimeType / responseJsonSchema). Rename the function.`,
    );
  }
  const offered =
    config?.toolConfig?.functionCallingConfig?.mode === 'NONE'
      ? tools.filter((tool) => !(functions as unknown[]).includes(tool))
      : tools;
  body.tools = [...offered, jsonTool];
  if (body.thinking !== undefined && (body.thinking as { type?: string }).type === 'enabled') {
    body.tool_choice = { type: 'auto' };
  } else {
    body.tool_choice =
      offered.length === 0 ? { type: 'tool', name: JSON_RESPONSE_TOOL } : { type: 'any' };
  }
}

/** Contents and config as the body of `POST /v1/messages`. */
export function convertToAnthropicRequest(
  args: ConvertToAnthropicRequestArgs,
): AnthropicMessagesRequest {
  const { model, contents, config, stream } = args;
  const options = anthropicCallOptionsOf(config);
  const messages = convertContents(contents, args.leadingUserText);
  const { thinking, maxTokens } = convertAnthropicThinking({
    thinking: config?.thinkingConfig,
    maxOutputTokens: config?.maxOutputTokens,
    defaultMaxTokens: args.defaultMaxTokens,
  });
  const body: AnthropicMessagesRequest = { model, max_tokens: maxTokens, messages };
  if (thinking) body.thinking = thinking;
  const system = convertSystemInstruction(config?.systemInstruction);
  if (system !== undefined) body.system = system;
  if (config?.temperature !== undefined) body.temperature = config.temperature;
  if (config?.topP !== undefined) body.top_p = config.topP;
  if (config?.topK !== undefined) body.top_k = config.topK;
  if (config?.stopSequences !== undefined && config.stopSequences.length > 0) {
    body.stop_sequences = config.stopSequences;
  }
  // Server tools (web search, ...) join the functions; Gemini's built-in tools are left out
  // with a warning (ANTHROPIC_UNSUPPORTED_SETTINGS).
  const functions = convertTools(config);
  const tools: Array<Record<string, unknown>> = [...functions] as unknown as Array<
    Record<string, unknown>
  >;
  for (const tool of options.serverTools) tools.push({ ...(tool as Record<string, unknown>) });
  const json = jsonResponseToolOf(config);
  if (json) {
    applyJsonResponseTool(body, { functions, tools }, json.tool, config);
  } else if (tools.length > 0) {
    body.tools = tools;
    const choice = convertToolChoice(config?.toolConfig);
    if (choice) body.tool_choice = choice;
  }
  if (options.autoCache) cacheStablePrefix(body, tools, options.autoCache);
  // Provider options may override settings (max_tokens, tool_choice, ...), never the fields
  // the adapter's own reading of the response depends on.
  Object.assign(body, options.body);
  body.model = model;
  body.messages = messages;
  if (stream) body.stream = true;
  else delete body.stream;
  return body;
}
