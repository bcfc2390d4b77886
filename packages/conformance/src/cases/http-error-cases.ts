import {
  ApiError,
  AsyncChats,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '@colloquy/chat-core';
import type { MockErrorName } from '@colloquy/provider-mock';
import { expect } from 'vitest';
import type { CaseContext } from '../case-context';
import {
  describeError,
  type ErrorClass,
  errorOf,
  expectApiErrorFields,
  expectErrorClass,
} from '../expect-error';

/** Each status the suite scripts, and the chat-core class it must become. */
const statusClasses: ReadonlyArray<{
  status: number;
  errorClass: ErrorClass;
  name: MockErrorName;
}> = [
  { status: 400, errorClass: ApiError, name: 'ApiError' },
  { status: 401, errorClass: AuthenticationError, name: 'AuthenticationError' },
  { status: 403, errorClass: PermissionDeniedError, name: 'PermissionDeniedError' },
  { status: 404, errorClass: NotFoundError, name: 'NotFoundError' },
  { status: 429, errorClass: RateLimitError, name: 'RateLimitError' },
  { status: 500, errorClass: ServerError, name: 'ServerError' },
];

/** The more specific classes, which a plain `ApiError` (a 400) must not be. */
const specificClasses: ErrorClass[] = [
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  ServerError,
];

/** The API key the harness gave the adapter, if it gave one as `apiKey`. */
function apiKeyOf(options: object): string | undefined {
  const key = (options as { apiKey?: unknown }).apiKey;
  return typeof key === 'string' && key.length >= 8 ? key : undefined;
}

/** HTTP error statuses to error classes, with their fields; Retry-After on a 429. */
export function registerHttpErrorCases<Options extends object>(
  context: CaseContext<Options>,
): void {
  const { harness, provider } = context;

  for (const { status, errorClass, name } of statusClasses) {
    for (const mode of ['sendMessage', 'sendMessageStream'] as const) {
      context.test(`turns HTTP ${status} into ${name} (${mode})`, ['http-error'], async () => {
        await harness.enqueue({
          error: { name, status, providerMessage: `Scripted ${status} failure.` },
        });
        const options = context.adapterOptions();
        const chat = context.chat();

        const error = await errorOf(() =>
          mode === 'sendMessage' ? chat.sendMessage('Hi') : chat.sendMessageStream('Hi'),
        );

        expectApiErrorFields(error, { status, provider });
        expect(errorClass.isInstance(error), describeError(error)).toBe(true);
        if (status === 400) {
          for (const specific of specificClasses) expect(specific.isInstance(error)).toBe(false);
        }
        const key = apiKeyOf(options);
        if (key !== undefined) expect((error as Error).message).not.toContain(key);
        // With maxRetries 0 a retryable status is not retried.
        expect(await harness.requests()).toHaveLength(1);
        // A send that fails before any output records nothing.
        expect(chat.getHistory()).toEqual([]);
      });
    }
  }

  context.test('turns a rejected API key into AuthenticationError', ['api-key'], async () => {
    const wrongKey = 'conformance-wrong-key-9876543210';
    const models = context.options.createAsyncModels({
      ...context.adapterOptions(),
      apiKey: wrongKey,
    });
    const chat = new AsyncChats(models).create({ model: context.model });

    for (const send of [() => chat.sendMessage('Hi'), () => chat.sendMessageStream('Hi')]) {
      const error = await errorOf(send);
      // Whatever status the provider uses for it (Gemini answers 400 API_KEY_INVALID).
      expectErrorClass(error, AuthenticationError);
      expect((error as ApiError).provider).toBe(provider);
      expect(
        JSON.stringify({ message: (error as Error).message, ...(error as object) }),
      ).not.toContain(wrongKey);
    }
  });

  context.test(
    'scrubs the API key from an error message that echoes it',
    ['http-error', 'api-key'],
    async () => {
      const options = context.adapterOptions();
      const key = apiKeyOf(options);
      if (key === undefined) expect.fail('the harness declares api-key but gives no apiKey');
      await harness.enqueue({
        error: {
          name: 'AuthenticationError',
          status: 401,
          providerMessage: `Incorrect API key provided: ${key}.`,
        },
      });
      const chat = context.chat();

      const error = await errorOf(() => chat.sendMessage('Hi'));

      expectErrorClass(error, AuthenticationError);
      const seen = JSON.stringify({ message: (error as Error).message, ...(error as object) });
      expect(seen).not.toContain(key);
    },
  );

  context.test(
    "HTTP errors carry the provider's request id",
    ['http-error', 'request-id'],
    async () => {
      await harness.enqueue({
        error: { name: 'NotFoundError', status: 404, requestId: 'req_conformance_404' },
      });
      const chat = context.chat();

      const error = await errorOf(() => chat.sendMessage('Hi'));

      expectApiErrorFields(error, { status: 404, provider });
      expect((error as ApiError).requestId).toBe('req_conformance_404');
    },
  );

  context.test(
    'reports the wait a 429 asks for in RateLimitError.retryAfterMs',
    ['http-error'],
    async () => {
      await harness.enqueue({
        error: { name: 'RateLimitError', status: 429, retryAfterMs: 7000 },
      });
      const chat = context.chat({ maxRetries: 0 });

      const error = await errorOf(() => chat.sendMessage('Hi'));

      expectApiErrorFields(error, { status: 429, provider });
      expect(RateLimitError.isInstance(error), describeError(error)).toBe(true);
      expect((error as RateLimitError).retryAfterMs).toBe(7000);
    },
  );

  context.test(
    'retries a 429 after its Retry-After and answers',
    ['http-error', 'retries', 'text'],
    async () => {
      await harness.enqueue(
        { error: { name: 'RateLimitError', status: 429, retryAfterMs: 0 } },
        { text: 'Made it on the second try.' },
      );
      const chat = context.chat({ maxRetries: 1 });

      const response = await chat.sendMessage('Hi');

      expect(response.text).toBe('Made it on the second try.');
      expect(await harness.requests()).toHaveLength(2);
      expect(chat.getHistory(true)).toHaveLength(2);
    },
  );

  context.test(
    'retries a 429 before a stream opens and streams the answer',
    ['http-error', 'retries', 'text'],
    async () => {
      await harness.enqueue(
        { error: { name: 'RateLimitError', status: 429, retryAfterMs: 0 } },
        { text: 'Streamed after a retry.', chunks: ['Streamed', ' after a retry.'] },
      );
      const chat = context.chat({ maxRetries: 1 });

      const stream = await chat.sendMessageStream('Hi');
      const texts: string[] = [];
      for await (const chunk of stream) texts.push(chunk.text ?? '');

      expect(texts.join('')).toBe('Streamed after a retry.');
      expect(await harness.requests()).toHaveLength(2);
    },
  );
}
