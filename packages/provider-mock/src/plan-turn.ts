import type { Part, UsageMetadata } from '@colloquy/chat-core';
import type {
  GenerateContentParameters,
  GenerateContentResponseInit,
} from '@colloquy/chat-core/spec';
import { countContentTokens, countTokens } from './count-tokens';
import { createMockError } from './create-mock-error';
import { mergeChunks } from './merge-chunks';
import type {
  MockBlockedTurn,
  MockEmptyTurn,
  MockErrorSpec,
  MockErrorTurn,
  MockFunctionCallTurn,
  MockInvalidTurn,
  MockPromptBlockedTurn,
  MockRawResponseTurn,
  MockRawStreamTurn,
  MockTextTurn,
  MockTurn,
} from './mock-script';
import { splitIntoChunks } from './split-into-chunks';
import { turnKind } from './turn-kind';

/**
 * What one call does. `error` is thrown before anything is answered. Otherwise a
 * non-streaming call answers `chunks[0]`, and a stream yields `chunks` then throws
 * `streamError` when there is one.
 */
export interface MockPlan {
  delayMs: number;
  chunkDelayMs: number;
  error?: Error;
  chunks: GenerateContentResponseInit[];
  streamError?: Error;
}

export interface PlanContext {
  params: GenerateContentParameters;
  stream: boolean;
  /** The script's default pause between chunks. */
  chunkDelayMs: number;
  /** `modelVersion` to report. */
  model: string;
}

/** Turns a scripted (or default) turn into the responses and errors of one call. */
export function planTurn(turn: MockTurn, context: PlanContext): MockPlan {
  const timing = {
    delayMs: turn.delayMs ?? 0,
    chunkDelayMs: turn.chunkDelayMs ?? context.chunkDelayMs,
  };
  const promptTokens = countContentTokens(context.params.contents);
  const usage = (candidatesTokens: number): UsageMetadata => ({
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidatesTokens,
    totalTokenCount: promptTokens + candidatesTokens,
  });
  const modelVersion = context.model;

  switch (turnKind(turn, 0)) {
    case 'error':
      return { ...timing, chunks: [], error: createMockError((turn as MockErrorTurn).error) };
    case 'response':
      return { ...timing, chunks: [structuredClone((turn as MockRawResponseTurn).response)] };
    case 'streamChunks': {
      const chunks = structuredClone((turn as MockRawStreamTurn).streamChunks);
      return { ...timing, chunks: context.stream ? chunks : [mergeChunks(chunks)] };
    }
    case 'promptBlocked': {
      const { promptBlocked, usage: given } = turn as MockPromptBlockedTurn;
      const usageMetadata = given ?? {
        promptTokenCount: promptTokens,
        totalTokenCount: promptTokens,
      };
      const promptFeedback = { blockReason: promptBlocked };
      return { ...timing, chunks: [{ promptFeedback, usageMetadata, modelVersion }] };
    }
    case 'blocked': {
      const { blocked, usage: given } = turn as MockBlockedTurn;
      const candidates = [{ finishReason: blocked }];
      return {
        ...timing,
        chunks: [{ candidates, usageMetadata: given ?? usage(0), modelVersion }],
      };
    }
    case 'empty':
    case 'invalid': {
      const { usage: given } = turn as MockEmptyTurn | MockInvalidTurn;
      const parts: Part[] = 'invalid' in turn ? [{}] : [];
      const candidates = [{ content: { role: 'model' as const, parts }, finishReason: 'STOP' }];
      return {
        ...timing,
        chunks: [{ candidates, usageMetadata: given ?? usage(0), modelVersion }],
      };
    }
    case 'reply':
      return planReply(turn as MockTextTurn | MockFunctionCallTurn, context, timing, usage);
  }
}

function planReply(
  turn: MockTextTurn | MockFunctionCallTurn,
  context: PlanContext,
  timing: { delayMs: number; chunkDelayMs: number },
  usage: (candidatesTokens: number) => UsageMetadata,
): MockPlan {
  const modelVersion = context.model;
  const calls: Part[] = ('functionCalls' in turn ? turn.functionCalls : []).map((call) => ({
    functionCall: {
      ...(call.id === undefined ? {} : { id: call.id }),
      name: call.name,
      args: structuredClone(call.args ?? {}),
    },
  }));
  const text = turn.text;
  const textParts: Part[] = text === undefined ? [] : [{ text }];
  const finish = {
    finishReason: turn.finishReason ?? 'STOP',
    usageMetadata: turn.usage ?? usage(countTokens([...textParts, ...calls])),
  };
  const message = (parts: Part[]): GenerateContentResponseInit => ({
    candidates: [{ content: { role: 'model', parts } }],
    modelVersion,
  });

  const failing = turn.failAfterChunks !== undefined;
  if (!context.stream) {
    if (failing) return { ...timing, chunks: [], error: interruption(turn.error, 0) };
    return { ...timing, chunks: [withFinish(message([...textParts, ...calls]), finish)] };
  }

  const pieces = text === undefined ? [] : (turn.chunks ?? splitIntoChunks(text));
  const chunks = pieces.map((piece) => message([{ text: piece }]));
  if (calls.length > 0) chunks.push(message(calls));
  if (failing) {
    const delivered = chunks.slice(0, turn.failAfterChunks);
    return {
      ...timing,
      chunks: delivered,
      streamError: interruption(turn.error, delivered.length),
    };
  }
  const last = chunks.pop() ?? message([]);
  chunks.push(withFinish(last, finish));
  return { ...timing, chunks };
}

function withFinish(
  response: GenerateContentResponseInit,
  finish: { finishReason: string; usageMetadata: UsageMetadata },
): GenerateContentResponseInit {
  const [candidate, ...others] = response.candidates ?? [];
  return {
    ...response,
    candidates: [{ ...candidate, finishReason: finish.finishReason }, ...others],
    usageMetadata: finish.usageMetadata,
  };
}

function interruption(spec: MockErrorSpec | undefined, chunksReceived: number): Error {
  if (spec && spec.name !== 'StreamInterruptedError') return createMockError(spec);
  return createMockError({ name: 'StreamInterruptedError', ...spec }, { chunksReceived });
}
