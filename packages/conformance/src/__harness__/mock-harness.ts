import type { Content, Part, PartListUnion } from '@colloquy/chat-core';
import {
  createMockAsyncModels,
  createMockModels,
  type MockAsyncModels,
  type MockModels,
  type MockRequest,
  type MockTurn,
} from '@colloquy/provider-mock';
import type { ConformanceHarness, HarnessRequest } from '../conformance-harness';
import type { ConformanceSettings } from '../conformance-options';

/** The mock takes no connection options; the suite's settings are all it is given. */
export type MockAdapterOptions = Record<string, never>;

/**
 * The mock as a conformance harness. The mock is its own provider, so the harness also makes
 * the models: each `createAsyncModels` / `createModels` call gets the turns queued since the
 * previous one as its script (the suite always queues a case's turns first). The suite
 * speaks the mock's own vocabulary, so the turns pass through unchanged.
 */
export interface MockHarness extends ConformanceHarness<MockAdapterOptions> {
  createAsyncModels(options: ConformanceSettings): MockAsyncModels;
  createModels(options: ConformanceSettings): MockModels;
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
  let pending: MockTurn[] = [];
  let created: Array<MockAsyncModels | MockModels> = [];
  const take = (): MockTurn[] => {
    const turns = pending;
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
    createAsyncModels() {
      const models = createMockAsyncModels(take());
      created.push(models);
      return models;
    },
    createModels() {
      const models = createMockModels(take());
      created.push(models);
      return models;
    },
  };
}
