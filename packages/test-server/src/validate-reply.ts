import { type FaultName, faultNames, type ScriptedReply } from './scripted-reply';

function fail(message: string): never {
  throw new TypeError(`Invalid scripted reply: ${message}`);
}

function checkChunks(text: string | undefined, chunks: unknown): void {
  if (chunks === undefined) return;
  if (typeof chunks === 'number') {
    const length = Array.from(text ?? '').length;
    if (!Number.isInteger(chunks) || chunks < 1 || (text !== undefined && chunks > length)) {
      fail(`chunks: ${chunks} must be an integer from 1 to the text's length (${length})`);
    }
    return;
  }
  if (!Array.isArray(chunks) || chunks.some((chunk) => typeof chunk !== 'string')) {
    fail('chunks must be an array of strings or a number');
  }
  if (text !== undefined && chunks.join('') !== text) fail('chunks must join to text');
}

function checkNonNegative(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`${name} must be a non-negative number`);
  }
}

/** Rejects a malformed script when it is queued, not when a request happens to use it. */
export function validateReply(reply: ScriptedReply): void {
  if (typeof reply !== 'object' || reply === null) fail('expected an object');
  if ('fault' in reply) {
    if (!faultNames.includes(reply.fault as FaultName))
      fail(`unknown fault '${String(reply.fault)}'`);
    if ('text' in reply && reply.text !== undefined && typeof reply.text !== 'string') {
      fail('text must be a string');
    }
    if ('chunks' in reply) checkChunks(reply.text, reply.chunks);
    switch (reply.fault) {
      case 'split-utf8':
        if (reply.text !== undefined && !/\P{ASCII}/u.test(reply.text)) {
          fail('split-utf8 needs a text with a multibyte character');
        }
        checkNonNegative('delayMs', reply.delayMs);
        break;
      case 'reset-mid-stream':
      case 'error-event':
        checkNonNegative('afterEvents', reply.afterEvents);
        break;
      case 'malformed-event':
        checkNonNegative('atEvent', reply.atEvent);
        break;
      case 'stall-mid-stream':
        checkNonNegative('stallMs', reply.stallMs);
        checkNonNegative('afterEvents', reply.afterEvents);
        break;
      case 'slow-first-byte':
        checkNonNegative('delayMs', reply.delayMs);
        if (reply.reply !== undefined) validateReply(reply.reply);
        break;
      case 'retry-after':
        checkNonNegative('afterMs', reply.afterMs);
        break;
      case 'oversized':
        if (!Number.isInteger(reply.bytes) || reply.bytes < 1)
          fail('bytes must be a positive integer');
        break;
      default:
        break;
    }
    return;
  }
  if ('status' in reply) {
    if (!Number.isInteger(reply.status) || reply.status < 400 || reply.status > 599) {
      fail('status must be an HTTP error status (400-599)');
    }
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
  if ('blocked' in reply || 'empty' in reply) return;
  if ('functionCalls' in reply) {
    if (!Array.isArray(reply.functionCalls)) fail('functionCalls must be an array');
    for (const call of reply.functionCalls) {
      if (typeof call?.name !== 'string' || call.name === '')
        fail('each function call needs a name');
    }
    return;
  }
  if ('text' in reply && typeof reply.text === 'string') {
    checkChunks(reply.text, reply.chunks);
    return;
  }
  fail('expected text, functionCalls, blocked, empty, status, recorded or fault');
}
