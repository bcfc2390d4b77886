import { ConfigurationError } from '@colloquy/chat-core';
import { deserializeError } from '@colloquy/chat-core/spec';
import type { MockErrorName, MockErrorSpec } from './mock-script';

// Defaults for the fields each class requires, so `{ name: 'ServerError' }` is enough.
const DEFAULTS: Record<MockErrorName, Record<string, unknown>> = {
  ColloquyError: { message: 'Mock ColloquyError.' },
  ApiError: { provider: 'mock', status: 400 },
  AuthenticationError: { provider: 'mock' },
  PermissionDeniedError: { provider: 'mock' },
  NotFoundError: { provider: 'mock' },
  RateLimitError: { provider: 'mock' },
  ServerError: { provider: 'mock' },
  TimeoutError: { provider: 'mock', timeoutMs: 600_000, phase: 'request' },
  ConnectionError: { provider: 'mock' },
  AbortError: { provider: 'mock' },
  StreamInterruptedError: { provider: 'mock', chunksReceived: 0 },
  InvalidResponseError: { provider: 'mock' },
  ConfigurationError: { provider: 'mock', message: 'Mock ConfigurationError.' },
  InvalidMessageError: { message: 'Mock InvalidMessageError.' },
  InvalidHistoryError: { index: 0 },
  Error: { message: 'Mock error.' },
};

/** Whether `name` is an error a script may throw. */
export function isMockErrorName(name: unknown): name is MockErrorName {
  return typeof name === 'string' && Object.hasOwn(DEFAULTS, name);
}

/**
 * Builds the real chat-core error class a script names, with its fields (`Error` gives a
 * plain Error, for testing how code copes with non-Colloquy failures). Fields a class does
 * not declare are still copied onto the error, as chat-core's `deserializeError` does.
 */
export function createMockError(
  spec: MockErrorSpec,
  defaults: Record<string, unknown> = {},
): Error {
  if (!isMockErrorName(spec.name)) {
    throw new ConfigurationError({
      provider: 'mock',
      message: `Unknown mock error name ${JSON.stringify(spec.name)}. Use one of: ${Object.keys(DEFAULTS).join(', ')}.`,
    });
  }
  const fields: Record<string, unknown> = { ...DEFAULTS[spec.name], ...defaults };
  for (const [key, value] of Object.entries(spec)) if (value !== undefined) fields[key] = value;
  return deserializeError({ ...fields, colloquy: spec.name !== 'Error' });
}
