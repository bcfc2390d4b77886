import { inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './error-from-response';

const json = (value: unknown) => JSON.stringify(value);

describe('errorFromResponse', () => {
  it.each([
    [400, ApiError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ApiError],
    [422, ApiError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [529, ServerError],
  ])('maps HTTP %i to %s', (status, Class) => {
    const error = errorFromResponse({
      provider: 'openai',
      status,
      headers: new Headers(),
      bodyText: '',
    });
    expect(Class.isInstance(error)).toBe(true);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('openai');
  });

  it('reads the OpenAI error shape', () => {
    const error = errorFromResponse({
      provider: 'openai',
      status: 400,
      headers: new Headers({ 'x-request-id': 'req_123' }),
      bodyText: json({
        error: { message: 'Unknown parameter: foo', type: 'invalid_request_error', code: null },
      }),
    });
    expect(error.providerMessage).toBe('Unknown parameter: foo');
    expect(error.providerCode).toBe('invalid_request_error');
    expect(error.requestId).toBe('req_123');
    expect(error.message).toContain('Unknown parameter: foo');
    expect(error.message).toContain('req_123');
  });

  it('reads the Anthropic error shape and request-id header', () => {
    const error = errorFromResponse({
      provider: 'anthropic',
      status: 529,
      headers: new Headers({ 'request-id': 'req_ant' }),
      bodyText: json({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    });
    expect(error).toMatchObject({
      providerMessage: 'Overloaded',
      providerCode: 'overloaded_error',
      requestId: 'req_ant',
    });
  });

  it('reads the Gemini error shape, also wrapped in an array', () => {
    const body = {
      error: { code: 400, message: 'Invalid JSON payload', status: 'INVALID_ARGUMENT' },
    };
    for (const bodyText of [json(body), json([body])]) {
      const error = errorFromResponse({
        provider: 'gemini',
        status: 400,
        headers: new Headers(),
        bodyText,
      });
      expect(error.providerMessage).toBe('Invalid JSON payload');
      expect(error.providerCode).toBe('INVALID_ARGUMENT');
    }
  });

  it('gives RateLimitError the wait the server asked for', () => {
    const error = errorFromResponse({
      provider: 'openai',
      status: 429,
      headers: new Headers({ 'retry-after': '20' }),
      bodyText: '',
    });
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(20_000);
  });

  it('describes an HTML page briefly, without its markup', () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style>
      <script>var secret = 1;</script></head><body><h1>Bad Gateway</h1><p>${'filler '.repeat(200)}</p></body></html>`;
    const error = errorFromResponse({
      provider: 'gemini',
      status: 502,
      headers: new Headers({ 'content-type': 'text/html' }),
      bodyText: html,
    });
    expect(error.message).toContain('non-JSON page');
    expect(error.message).toContain('502');
    expect(error.providerMessage).toContain('502 Bad Gateway');
    expect(error.providerMessage).not.toMatch(/<|color:red|var secret/);
    expect(error.providerMessage?.length).toBeLessThan(300);
  });

  it('never puts key material a server echoes into the error', () => {
    const key = 'sk-proj-TOPSECRET0123456789';
    const googleKey = 'AIzaSyTOPSECRET0123456789abcdef';
    const bodyText = json({
      error: { message: `Incorrect API key provided: ${key}. Also ${googleKey} and Bearer ${key}` },
    });
    const error = errorFromResponse({
      provider: 'openai',
      status: 401,
      headers: new Headers(),
      bodyText,
      secrets: [key],
    });
    for (const view of [error.message, JSON.stringify(error), inspect(error, { depth: 5 })]) {
      expect(view).not.toContain('TOPSECRET');
    }
    expect(error.providerMessage).toContain('[redacted]');
  });

  it('quotes only a short excerpt of an unrecognised JSON body', () => {
    const bodyText = json({ weird: 'x'.repeat(5000) });
    const error = errorFromResponse({
      provider: 'p',
      status: 400,
      headers: new Headers(),
      bodyText,
    });
    expect(error.providerMessage?.length).toBeLessThan(300);
  });
});
