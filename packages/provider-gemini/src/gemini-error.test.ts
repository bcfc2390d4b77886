import {
  ApiError,
  AuthenticationError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { errorFromGeminiErrorBody, isGeminiErrorBody, refineGeminiError } from './gemini-error';

function fromBody(error: Record<string, unknown>) {
  const body = { error };
  if (!isGeminiErrorBody(body)) throw new Error('not an error body');
  return errorFromGeminiErrorBody({ body, bodyText: JSON.stringify(body) });
}

describe('isGeminiErrorBody', () => {
  it("recognises Google's error envelope and nothing else", () => {
    expect(isGeminiErrorBody({ error: { code: 500, message: 'x', status: 'INTERNAL' } })).toBe(
      true,
    );
    expect(isGeminiErrorBody({ error: {} })).toBe(true);
    expect(isGeminiErrorBody({ candidates: [] })).toBe(false);
    expect(isGeminiErrorBody({ error: 'text' })).toBe(false);
    expect(isGeminiErrorBody({ error: { code: 'five hundred' } })).toBe(false);
    expect(isGeminiErrorBody(null)).toBe(false);
  });
});

describe('errorFromGeminiErrorBody', () => {
  it('takes the HTTP status from the code, with the message and status name', () => {
    const error = fromBody({ code: 404, message: 'models/x is not found', status: 'NOT_FOUND' });
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      provider: 'gemini',
      providerMessage: 'models/x is not found',
      providerCode: 'NOT_FOUND',
    });
  });

  it('falls back on the status name, then on 500', () => {
    expect(RateLimitError.isInstance(fromBody({ status: 'RESOURCE_EXHAUSTED' }))).toBe(true);
    expect(fromBody({ status: 'UNAVAILABLE' }).status).toBe(503);
    expect(fromBody({ status: 'DEADLINE_EXCEEDED' }).status).toBe(504);
    const unknown = fromBody({ message: 'odd' });
    expect(ServerError.isInstance(unknown)).toBe(true);
    expect(unknown.status).toBe(500);
    expect(fromBody({ code: 200, status: 'INVALID_ARGUMENT' }).status).toBe(400);
  });

  it('reports a wrong key in a body as AuthenticationError', () => {
    const error = fromBody({
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
    });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.status).toBe(400);
  });
});

describe('refineGeminiError', () => {
  const options = { provider: 'gemini', providerCode: 'INVALID_ARGUMENT' };

  it.each([
    'API key not valid. Please pass a valid API key.',
    'API key expired. Please renew the API key.',
  ])('turns a 400 saying "%s" into AuthenticationError', (providerMessage) => {
    const original = new ApiError({ ...options, status: 400, providerMessage });
    const refined = refineGeminiError(original);
    expect(AuthenticationError.isInstance(refined)).toBe(true);
    expect(refined).toMatchObject({
      status: 400,
      providerMessage,
      providerCode: 'INVALID_ARGUMENT',
    });
    expect((refined as Error).cause).toBe(original);
  });

  it('leaves other errors as they are', () => {
    const badRequest = new ApiError({ ...options, status: 400, providerMessage: 'Bad schema' });
    expect(refineGeminiError(badRequest)).toBe(badRequest);
    const server = new ServerError({ ...options, providerMessage: 'API key not valid' });
    expect(refineGeminiError(server)).toBe(server);
    const plain = new Error('API key not valid');
    expect(refineGeminiError(plain)).toBe(plain);
  });
});
