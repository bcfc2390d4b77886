import { ConfigurationError } from '@colloquy/chat-core';
import type { MockTurn } from './mock-script';

export type MockTurnKind =
  | 'reply'
  | 'empty'
  | 'blocked'
  | 'promptBlocked'
  | 'invalid'
  | 'error'
  | 'response'
  | 'streamChunks';

const SHAPES =
  'text, functionCalls, empty, blocked, promptBlocked, invalid, error, response or streamChunks';

/**
 * Which kind of turn this is. Throws a ConfigurationError for a turn that matches no kind or
 * several, so a typo in a script fails loudly at setup rather than silently replying.
 */
export function turnKind(turn: MockTurn, index: number): MockTurnKind {
  if (typeof turn !== 'object' || turn === null || Array.isArray(turn)) {
    throw new ConfigurationError({
      provider: 'mock',
      message: `Mock turn ${index} is not an object. A turn has one of: ${SHAPES}.`,
    });
  }
  const t = turn as unknown as Record<string, unknown>;
  const kinds: MockTurnKind[] = [];
  // `error` beside `failAfterChunks` is the error the broken stream throws, not an error turn.
  if ('text' in t || 'functionCalls' in t) kinds.push('reply');
  if ('error' in t && !('failAfterChunks' in t)) kinds.push('error');
  for (const key of [
    'empty',
    'blocked',
    'promptBlocked',
    'invalid',
    'response',
    'streamChunks',
  ] as const) {
    if (key in t) kinds.push(key);
  }
  const [kind, ...others] = kinds;
  if (kind === undefined || others.length > 0) {
    const found = kind === undefined ? 'none of them' : kinds.join(' and ');
    throw new ConfigurationError({
      provider: 'mock',
      message: `Mock turn ${index} must have exactly one of ${SHAPES}; it has ${found}: ${JSON.stringify(turn)}.`,
    });
  }
  return kind;
}
