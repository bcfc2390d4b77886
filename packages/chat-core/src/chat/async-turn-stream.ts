import { GenerateContentResponse } from '../types/generate-content-response';
import type { AsyncModels } from '../types/models';
import type { Part } from '../types/part';
import { guardUnstartedAsync } from './guard-unstarted';
import type { PendingTurn, PlannedCall } from './pending-turn';
import { StreamAccumulator } from './stream-accumulator';

/**
 * The chunks `AsyncChat.sendMessageStream` hands out: the async twin of `Chat`'s stream. It
 * records the turn when the stream ends (rule 5) and runs function-calling rounds; a failure
 * or a `break` records the partial turn as interrupted (rule 6) and closes the transport
 * stream. `release` frees the chat however the stream ends, even if it never started.
 */
export function asyncTurnStream(
  models: AsyncModels,
  turn: PendingTurn,
  first: AsyncIterable<GenerateContentResponse>,
  runCalls: (planned: PlannedCall[]) => Promise<Part[]>,
  release: () => void,
): AsyncGenerator<GenerateContentResponse, void, undefined> {
  return guardUnstartedAsync(streamTurn(models, turn, first, runCalls, release), async () => {
    try {
      await turn.interrupt(undefined);
    } finally {
      release();
    }
    return first[Symbol.asyncIterator]().return?.();
  });
}

async function* streamTurn(
  models: AsyncModels,
  turn: PendingTurn,
  first: AsyncIterable<GenerateContentResponse>,
  runCalls: (planned: PlannedCall[]) => Promise<Part[]>,
  release: () => void,
): AsyncGenerator<GenerateContentResponse, void, undefined> {
  let stream = first;
  let accumulator = new StreamAccumulator();
  turn.partial = accumulator;
  let failure: { error: unknown } | undefined;
  try {
    for (;;) {
      // A chunk we cannot take ends the turn like a transport failure; leaving the loop
      // closes the transport stream.
      for await (const raw of stream) {
        const chunk = GenerateContentResponse.from(raw);
        accumulator.add(chunk);
        turn.progress();
        yield chunk;
      }
      const response = accumulator.toResponse();
      const planned = accumulator.isValid() ? turn.plan(response) : undefined;
      if (!planned) {
        await turn.completeStream(accumulator);
        return;
      }
      turn.addRound(accumulator.content(), await runCalls(planned), response.usageMetadata);
      accumulator = new StreamAccumulator();
      turn.partial = accumulator;
      stream = await models.generateContentStream(turn.request());
    }
  } catch (error) {
    failure = { error };
    throw error;
  } finally {
    try {
      // With a session store this commits the partial turn; a store failure is thrown here.
      await turn.interrupt(failure?.error, accumulator);
    } finally {
      release();
    }
  }
}
