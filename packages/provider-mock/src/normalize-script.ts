import { ConfigurationError } from '@colloquy/chat-core';
import { isMockErrorName } from './create-mock-error';
import type { MockErrorSpec, MockScript, MockTurn } from './mock-script';
import { turnKind } from './turn-kind';

export interface NormalizedScript {
  turns: MockTurn[];
  chunkDelayMs: number;
  model: string | undefined;
}

/** Validates a script and deep-copies it, so later edits to the caller's objects don't leak in. */
export function normalizeScript(script: MockScript | undefined): NormalizedScript {
  if (script === undefined) return { turns: [], chunkDelayMs: 0, model: undefined };
  if (Array.isArray(script))
    return { turns: checkTurns(script, 0), chunkDelayMs: 0, model: undefined };
  if (typeof script !== 'object' || script === null) {
    throw fail(
      `A mock script is a list of turns or { turns, chunkDelayMs?, model? }; got ${typeof script}.`,
    );
  }
  checkDelay(script.chunkDelayMs, 'chunkDelayMs', 'The script');
  if (script.model !== undefined && typeof script.model !== 'string') {
    throw fail('The script model must be a string.');
  }
  return {
    turns: checkTurns(script.turns ?? [], 0),
    chunkDelayMs: script.chunkDelayMs ?? 0,
    model: script.model,
  };
}

/** Validates turns (numbered from `offset` in messages) and returns deep copies. */
export function checkTurns(turns: readonly MockTurn[], offset: number): MockTurn[] {
  if (!Array.isArray(turns)) throw fail('Mock turns must be an array.');
  turns.forEach((turn, i) => {
    checkTurn(turn, offset + i);
  });
  try {
    return structuredClone(turns) as MockTurn[];
  } catch (cause) {
    throw new ConfigurationError({
      provider: 'mock',
      message:
        'A mock script must be plain data (no functions, class instances or symbols): it may cross to a worker thread.',
      cause,
    });
  }
}

function checkTurn(turn: MockTurn, index: number): void {
  const kind = turnKind(turn, index);
  const t = turn as unknown as Record<string, unknown>;
  const where = `Mock turn ${index}`;
  checkDelay(t.delayMs, 'delayMs', where);
  checkDelay(t.chunkDelayMs, 'chunkDelayMs', where);
  if (kind === 'error' || t.error !== undefined) checkErrorSpec(t.error, where);
  if (kind !== 'reply') return;

  const { text, chunks, functionCalls, failAfterChunks } = t;
  if (text !== undefined && typeof text !== 'string')
    throw fail(`${where}: text must be a string.`);
  if (chunks !== undefined) {
    if (!Array.isArray(chunks) || chunks.some((c) => typeof c !== 'string')) {
      throw fail(`${where}: chunks must be an array of strings.`);
    }
    if (chunks.join('') !== (text ?? '')) {
      throw fail(
        `${where}: chunks must join to the text; they give ${JSON.stringify(chunks.join(''))}.`,
      );
    }
  }
  if (functionCalls !== undefined) {
    const ok =
      Array.isArray(functionCalls) &&
      functionCalls.every(
        (c: unknown) =>
          typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string',
      );
    if (!ok) throw fail(`${where}: functionCalls must be an array of { name, args?, id? }.`);
  }
  if (
    failAfterChunks !== undefined &&
    !(
      typeof failAfterChunks === 'number' &&
      Number.isInteger(failAfterChunks) &&
      failAfterChunks >= 0
    )
  ) {
    throw fail(`${where}: failAfterChunks must be a whole number of chunks (0 or more).`);
  }
}

function checkErrorSpec(spec: unknown, where: string): void {
  const name = (spec as MockErrorSpec | null)?.name;
  if (typeof spec !== 'object' || spec === null || !isMockErrorName(name)) {
    throw fail(
      `${where}: error must be { name, message?, ... } with name a chat-core error class (e.g. 'RateLimitError') or 'Error'; got ${JSON.stringify(spec)}.`,
    );
  }
}

function checkDelay(value: unknown, field: string, where: string): void {
  if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
    throw fail(`${where}: ${field} must be a number of milliseconds (0 or more).`);
  }
}

function fail(message: string): ConfigurationError {
  return new ConfigurationError({ provider: 'mock', message });
}
