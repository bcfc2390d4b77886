import { ApiError, ColloquyError } from '@colloquy/chat-core';
import { expect } from 'vitest';

/** A chat-core error class, as far as the suite needs one. */
export interface ErrorClass {
  readonly marker: string;
  isInstance(error: unknown): boolean;
}

/** The class name a chat-core marker stands for (`colloquy.error.NotFoundError` → `NotFoundError`). */
function classNameOf(errorClass: ErrorClass): string {
  return errorClass.marker.slice(errorClass.marker.lastIndexOf('.') + 1);
}

/** A one-line account of what was thrown, for failure messages. */
export function describeError(error: unknown): string {
  if (error === undefined) return 'no error';
  if (error instanceof Error) {
    const fields = ColloquyError.isInstance(error) ? ` ${JSON.stringify(error.toJSON())}` : '';
    return `${error.name}: ${error.message}${fields}`;
  }
  return `a non-Error value ${JSON.stringify(error)}`;
}

/**
 * Asserts `error` is an instance of `errorClass`, from any copy of chat-core (`isInstance`,
 * not `instanceof`: an adapter may bundle or duplicate chat-core, and errors from a worker
 * thread are rebuilt).
 */
export function expectErrorClass(error: unknown, errorClass: ErrorClass): void {
  expect(
    errorClass.isInstance(error),
    `expected ${classNameOf(errorClass)}, got ${describeError(error)}`,
  ).toBe(true);
}

/** Runs `action` and returns what it threw; fails the case when it does not throw. */
export async function errorOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  expect.fail('expected the call to throw, but it succeeded');
}

/** The fields every `ApiError` must carry. */
export function expectApiErrorFields(
  error: unknown,
  expected: { status: number; provider: string },
): void {
  expectErrorClass(error, ApiError);
  const apiError = error as ApiError;
  expect(apiError.status, 'ApiError.status').toBe(expected.status);
  expect(apiError.provider, 'ApiError.provider').toBe(expected.provider);
}
