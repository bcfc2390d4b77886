import type { Content, Part, PartListUnion } from '@colloquy/chat-core';
import {
  createMockAsyncModels,
  createMockModels,
  type MockAsyncModels,
  type MockErrorName,
  type MockErrorSpec,
  type MockModels,
  type MockRequest,
  type MockTurn,
} from '@colloquy/provider-mock';
import type { ConformanceHarness, HarnessReply, HarnessRequest } from '../conformance-harness';
import type { ConformanceSettings } from '../conformance-options';

/** The mock takes no connection options; the suite's settings are all it is given. */
export type MockAdapterOptions = Record<string, never>;

/**
 * The mock as a conformance harness. The mock is its own provider, so the harness also makes
 * the models: each `createAsyncModels` / `createModels` call gets the replies queued since the
 * previous one, as its script (the suite always queues a case's replies first).
 */
export interface MockHarness extends ConformanceHarness<MockAdapterOptions> {
  createAsyncModels(options: ConformanceSettings): MockAsyncModels;
  createModels(options: ConformanceSettings): MockModels;
}

function errorNameFor(status: number): MockErrorName {
  if (status === 401) return 'AuthenticationError';
  if (status === 403) return 'PermissionDeniedError';
  if (status === 404) return 'NotFoundError';
  if (status === 429) return 'RateLimitError';
  if (status >= 500) return 'ServerError';
  return 'ApiError';
}

/**
 * A harness reply as a mock turn. The mock has no HTTP, so an HTTP error becomes the error
 * class an adapter maps it to, a malformed event the `InvalidResponseError` an adapter
 * throws, an in-stream error event a `ServerError` after the earlier chunks, and a stall the idle `TimeoutError` when the stall outlasts `idleTimeout`. A stall
 * the client does not time out streams on: the mock cannot pause between two chunks only, and
 * it checks the abort signal before each chunk, which is where a stalled stream would wait.
 */
function toMockTurn(reply: HarnessReply, settings: ConformanceSettings): MockTurn {
  switch (reply.type) {
    case 'text':
      return reply.chunks === undefined
        ? { text: reply.text }
        : { text: reply.text, chunks: reply.chunks };
    case 'function-calls':
      return { functionCalls: reply.calls };
    case 'blocked':
      return { blocked: 'SAFETY' };
    case 'empty':
      return { empty: true };
    case 'http-error': {
      const error: MockErrorSpec = {
        name: errorNameFor(reply.status),
        status: reply.status,
        provider: 'mock',
      };
      if (reply.message !== undefined) error.providerMessage = reply.message;
      if (reply.requestId !== undefined) error.requestId = reply.requestId;
      if (reply.retryAfterSeconds !== undefined)
        error.retryAfterMs = reply.retryAfterSeconds * 1000;
      return { error };
    }
    case 'malformed-event':
      return {
        text: reply.text,
        chunks: reply.chunks,
        failAfterChunks: reply.atChunk,
        error: { name: 'InvalidResponseError', provider: 'mock', excerpt: '{"candidates":[{"con' },
      };
    case 'drop-mid-stream':
      return { text: reply.text, chunks: reply.chunks, failAfterChunks: reply.afterChunks };
    case 'error-event': {
      const error: MockErrorSpec = { name: 'ServerError', status: 500, provider: 'mock' };
      if (reply.message !== undefined) error.providerMessage = reply.message;
      return {
        text: reply.text,
        chunks: reply.chunks,
        failAfterChunks: reply.afterChunks,
        error,
      };
    }
    case 'stall-mid-stream': {
      const { idleTimeout } = settings;
      if (idleTimeout !== undefined && reply.stallMs > idleTimeout) {
        return {
          text: reply.text,
          chunks: reply.chunks,
          failAfterChunks: reply.afterChunks,
          error: { name: 'TimeoutError', provider: 'mock', phase: 'idle', timeoutMs: idleTimeout },
        };
      }
      return { text: reply.text, chunks: reply.chunks };
    }
  }
}

function textOf(parts: readonly Part[]): string {
  return parts
    .filter((part) => part.thought !== true)
    .map((part) => part.text ?? '')
    .join('');
}

function systemText(instruction: string | Content | PartListUnion): string {
  if (typeof instruction === 'string') return instruction;
  if (Array.isArray(instruction)) {
    return instruction
      .map((part) => (typeof part === 'string' ? part : (part.text ?? '')))
      .join('');
  }
  return 'parts' in instruction ? textOf(instruction.parts) : (instruction.text ?? '');
}

/** A request the mock logged, in the harness's neutral form. */
function readMockRequest(request: MockRequest): HarnessRequest {
  const messages: HarnessRequest['messages'] = [];
  const instruction = request.config?.systemInstruction;
  if (instruction !== undefined) {
    messages.push({
      role: 'system',
      text: systemText(instruction),
      functionCalls: [],
      functionResponses: [],
    });
  }
  for (const content of request.contents) {
    messages.push({
      role: content.role === 'model' ? 'assistant' : 'user',
      text: textOf(content.parts),
      functionCalls: content.parts.flatMap((part) =>
        part.functionCall ? [{ ...part.functionCall, args: part.functionCall.args ?? {} }] : [],
      ),
      functionResponses: content.parts.flatMap((part) =>
        part.functionResponse ? [part.functionResponse] : [],
      ),
    });
  }
  const functionDeclarations = (request.config?.tools ?? []).flatMap((tool) =>
    (tool.functionDeclarations ?? []).map((declaration) => declaration.name),
  );
  return { model: request.model, messages, functionDeclarations };
}

export function createMockHarness(): MockHarness {
  let pending: HarnessReply[] = [];
  let created: Array<MockAsyncModels | MockModels> = [];
  const take = (settings: ConformanceSettings): MockTurn[] => {
    const turns = pending.map((reply) => toMockTurn(reply, settings));
    pending = [];
    return turns;
  };
  return {
    unsupported: {
      retries: 'the mock makes no HTTP requests, so it has nothing to retry',
      'api-key': 'the mock takes no API key',
    },
    reset() {
      pending = [];
      created = [];
    },
    adapterOptions: () => ({}),
    enqueue(...replies) {
      pending.push(...replies);
    },
    requests: () => created.flatMap((models) => models.requests.map(readMockRequest)),
    createAsyncModels(settings) {
      const models = createMockAsyncModels(take(settings));
      created.push(models);
      return models;
    },
    createModels(settings) {
      const models = createMockModels(take(settings));
      created.push(models);
      return models;
    },
  };
}
