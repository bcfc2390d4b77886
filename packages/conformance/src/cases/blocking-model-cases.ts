import {
  Chats,
  type Content,
  type GenerateContentResponse,
  type Models,
  NotFoundError,
  ServerError,
} from '@colloquy/chat-core';
import type { MockErrorName, MockTextTurn } from '@colloquy/provider-mock';
import { expect, it } from 'vitest';
import type { CaseContext } from '../case-context';
import { collectStream } from '../collect-stream';
import { describeError, type ErrorClass, errorOf, expectApiErrorFields } from '../expect-error';
import { turnsOf } from './text-cases';

const CONTENTS: Content[] = [{ role: 'user', parts: [{ text: 'Name three primes.' }] }];
const REPLY: MockTextTurn = {
  text: 'Two, three and five.',
  chunks: ['Two,', ' three', ' and five.'],
};

/**
 * What must match between the two: everything but the ids and times a provider stamps on
 * each response (two requests, two ids).
 */
function comparable(response: GenerateContentResponse) {
  const { candidates, promptFeedback, usageMetadata, modelVersion } = response;
  return { candidates, promptFeedback, usageMetadata, modelVersion, text: response.text };
}

function close(models: Models | undefined): void {
  (models as { close?: () => void } | undefined)?.close?.();
}

/** The blocking `Models` (`createModels`) give what the async ones give. */
export function registerBlockingModelCases<Options extends object>(
  context: CaseContext<Options>,
): void {
  const { harness, model, provider, options } = context;
  const createModels = options.createModels;
  if (createModels === undefined) {
    it.skip('blocking models [skipped: no createModels given]', () => {});
    return;
  }

  /** Runs `body` with blocking models, closing them after. */
  async function withModels<T>(body: (models: Models) => T | Promise<T>): Promise<T> {
    const models = createModels?.(context.adapterOptions());
    if (models === undefined) throw new Error('createModels returned nothing');
    try {
      return await body(models);
    } finally {
      close(models);
    }
  }

  context.test(
    'generateContent answers like the async models',
    ['text', 'blocking-models'],
    async () => {
      await harness.enqueue(REPLY);
      const expected = await context.asyncModels().generateContent({ model, contents: CONTENTS });
      await harness.enqueue(REPLY);

      const actual = await withModels((models) =>
        models.generateContent({ model, contents: CONTENTS }),
      );

      expect(actual.text).toBe(REPLY.text);
      expect(comparable(actual)).toEqual(comparable(expected));
      const [asyncRequest, blockingRequest] = await harness.requests();
      expect(blockingRequest).toEqual(asyncRequest);
    },
  );

  context.test(
    'generateContentStream yields the chunks the async models yield',
    ['text', 'blocking-models'],
    async () => {
      await harness.enqueue(REPLY);
      const expected = await collectStream(
        await context.asyncModels().generateContentStream({ model, contents: CONTENTS }),
      );
      await harness.enqueue(REPLY);

      const actual = await withModels((models) =>
        collectStream(models.generateContentStream({ model, contents: CONTENTS })),
      );

      expect(actual.error, describeError(actual.error)).toBeUndefined();
      expect(actual.texts.join('')).toBe(REPLY.text);
      expect(actual.chunks.map(comparable)).toEqual(expected.chunks.map(comparable));
      const [asyncRequest, blockingRequest] = await harness.requests();
      expect(blockingRequest).toEqual(asyncRequest);
    },
  );

  const failures: Array<{
    status: number;
    errorClass: ErrorClass;
    name: MockErrorName;
    mode: 'generateContent' | 'generateContentStream';
  }> = [
    { status: 404, errorClass: NotFoundError, name: 'NotFoundError', mode: 'generateContent' },
    { status: 500, errorClass: ServerError, name: 'ServerError', mode: 'generateContentStream' },
  ];
  for (const { status, errorClass, name, mode } of failures) {
    context.test(
      `${mode} throws HTTP ${status} as ${name}, like the async models`,
      ['http-error', 'blocking-models'],
      async () => {
        const params = { model, contents: CONTENTS };
        await harness.enqueue({ error: { name, status, requestId: 'req_conformance_sync' } });
        const asyncModels = context.asyncModels();
        // A stream's error may come from the call or from its first chunks: read it all.
        const expected = await errorOf(async () => {
          if (mode === 'generateContent') await asyncModels.generateContent(params);
          else for await (const _ of await asyncModels.generateContentStream(params));
        });
        await harness.enqueue({ error: { name, status, requestId: 'req_conformance_sync' } });

        const actual = await withModels((models) =>
          errorOf(() => {
            if (mode === 'generateContent') models.generateContent(params);
            else for (const _ of models.generateContentStream(params));
          }),
        );

        expectApiErrorFields(actual, { status, provider });
        expect(errorClass.isInstance(actual), describeError(actual)).toBe(true);
        const fields = (error: unknown) => {
          const { status, provider, requestId, providerMessage, providerCode } = error as {
            [key: string]: unknown;
          };
          return { status, provider, requestId, providerMessage, providerCode };
        };
        expect(fields(actual)).toEqual(fields(expected));
      },
    );
  }

  context.test(
    'a blocking Chat keeps the conversation and sends it back',
    ['text', 'blocking-models'],
    async () => {
      await harness.enqueue(
        { text: 'Hello Ada.' },
        { text: 'Your name is Ada.', chunks: ['Your name', ' is Ada.'] },
      );

      const { first, streamed, curated } = await withModels((models) => {
        const chat = new Chats(models).create({ model });
        const first = chat.sendMessage('My name is Ada.').text;
        const streamed: string[] = [];
        for (const chunk of chat.sendMessageStream('What is my name?')) {
          streamed.push(chunk.text ?? '');
        }
        return { first, streamed: streamed.join(''), curated: chat.getHistory(true) };
      });

      expect(first).toBe('Hello Ada.');
      expect(streamed).toBe('Your name is Ada.');
      expect(curated).toEqual([
        { role: 'user', parts: [{ text: 'My name is Ada.' }] },
        { role: 'model', parts: [{ text: 'Hello Ada.' }] },
        { role: 'user', parts: [{ text: 'What is my name?' }] },
        { role: 'model', parts: [{ text: 'Your name is Ada.' }] },
      ]);
      expect(turnsOf((await harness.requests())[1])).toEqual([
        ['user', 'My name is Ada.'],
        ['assistant', 'Hello Ada.'],
        ['user', 'What is my name?'],
      ]);
    },
  );
}
