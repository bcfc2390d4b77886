import type { MockErrorName } from '@colloquy/provider-mock';
import { errorStatuses } from './plan-reply';
import { type FaultName, type FaultReply, faultNames, type ScriptedReply } from './scripted-reply';

function fail(message: string): never {
  throw new TypeError(`Invalid scripted reply: ${message}`);
}

/** `MockTurn` fields that describe a Gemini response object, which no wire format here carries. */
const mockOnlyFields = [
  'promptBlocked',
  'invalid',
  'response',
  'streamChunks',
  'finishReason',
  'usage',
];

/** What a stream broken after some chunks can fail with, besides the HTTP error classes. */
const streamFailures: readonly MockErrorName[] = [
  'StreamInterruptedError',
  'InvalidResponseError',
  'TimeoutError',
];

function checkChunks(text: string | undefined, chunks: unknown): void {
  if (chunks === undefined) return;
  if (!Array.isArray(chunks) || chunks.some((chunk) => typeof chunk !== 'string')) {
    fail('chunks must be an array of strings');
  }
  if (chunks.join('') !== (text ?? '')) fail('chunks must join to text');
}

function checkNonNegative(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`${name} must be a non-negative number`);
  }
}

function isHttpError(name: unknown): boolean {
  return typeof name === 'string' && Object.hasOwn(errorStatuses, name);
}

function checkError(error: unknown, broken: boolean): void {
  const { name, status } = (error ?? {}) as { name?: unknown; status?: unknown };
  if (typeof error !== 'object' || error === null) fail('error must be { name, ... }');
  const known =
    isHttpError(name) ||
    (broken ? streamFailures : ['ConnectionError']).includes(name as MockErrorName);
  if (!known) {
    fail(
      broken
        ? `a stream cannot break with '${String(name)}' over HTTP: use StreamInterruptedError, InvalidResponseError, TimeoutError or an HTTP error class`
        : `an error turn over HTTP is an HTTP error class or ConnectionError, not '${String(name)}'`,
    );
  }
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)
  ) {
    fail('error.status must be an HTTP error status (400-599)');
  }
}

function checkFault(reply: FaultReply): void {
  if (!faultNames.includes(reply.fault as FaultName))
    fail(`unknown fault '${String(reply.fault)}'`);
  if ('text' in reply && reply.text !== undefined && typeof reply.text !== 'string') {
    fail('text must be a string');
  }
  if ('chunks' in reply && reply.chunks !== undefined) checkChunks(reply.text, reply.chunks);
  switch (reply.fault) {
    case 'split-utf8':
      if (reply.text !== undefined && !/\P{ASCII}/u.test(reply.text)) {
        fail('split-utf8 needs a text with a multibyte character');
      }
      checkNonNegative('delayMs', reply.delayMs);
      break;
    case 'stall-mid-stream':
      checkNonNegative('stallMs', reply.stallMs);
      checkNonNegative('afterEvents', reply.afterEvents);
      break;
    case 'retry-after':
      if (reply.afterMs !== undefined && !Number.isFinite(reply.afterMs)) {
        fail('afterMs must be a number');
      }
      if (reply.format !== 'http-date' && reply.format !== 'ms') {
        fail("retry-after needs format 'http-date' or 'ms'");
      }
      break;
    case 'oversized':
      if (!Number.isInteger(reply.bytes) || reply.bytes < 1)
        fail('bytes must be a positive integer');
      break;
    default:
      break;
  }
}

/** Rejects a malformed script when it is queued, not when a request happens to use it. */
export function validateReply(reply: ScriptedReply): void {
  if (typeof reply !== 'object' || reply === null) fail('expected an object');
  if ('fault' in reply) {
    checkFault(reply as FaultReply);
    return;
  }
  if ('recorded' in reply) {
    const { status, contentType, body } = reply.recorded ?? {};
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
      fail('recorded.status must be an HTTP status');
    }
    if (typeof contentType !== 'string' || typeof body !== 'string') {
      fail('recorded needs a contentType and a body, both strings');
    }
    return;
  }
  const turn = reply as unknown as Record<string, unknown>;
  for (const field of mockOnlyFields) {
    if (field in turn) fail(`'${field}' shapes a Gemini response object; over HTTP use recorded`);
  }
  checkNonNegative('delayMs', turn.delayMs);
  checkNonNegative('chunkDelayMs', turn.chunkDelayMs);
  const broken = turn.failAfterChunks !== undefined;
  if (broken) checkNonNegative('failAfterChunks', turn.failAfterChunks);
  if (turn.error !== undefined) checkError(turn.error, broken);
  if ('error' in turn && !broken && !('text' in turn) && !('functionCalls' in turn)) return;
  if ('blocked' in turn || 'empty' in turn) return;
  if ('functionCalls' in turn) {
    if (!Array.isArray(turn.functionCalls)) fail('functionCalls must be an array');
    for (const call of turn.functionCalls as Array<{ name?: unknown }>) {
      if (typeof call?.name !== 'string' || call.name === '')
        fail('each function call needs a name');
    }
  } else if (typeof turn.text !== 'string') {
    fail('expected text, functionCalls, blocked, empty, error, recorded or fault');
  }
  if (turn.text !== undefined && typeof turn.text !== 'string') fail('text must be a string');
  checkChunks(turn.text as string | undefined, turn.chunks);
}
