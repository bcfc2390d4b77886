import { type GenerateContentResponse, NotFoundError } from '@colloquy/chat-core';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from './__fixtures__/fixtures';
import {
  loadRecordings,
  RECORDINGS_DIR,
  recordedReply,
  repliesOf,
} from './__fixtures__/gemini-recordings';
import { createGeminiAsyncModels } from './gemini-provider';

// Real Gemini API traffic, replayed straight through the adapter: for each recorded request we
// send the same contents and config, and must produce the recorded body byte for byte (as JSON)
// and read the recorded answer back faithfully.
const recordings = loadRecordings();

const KEY = 'replay-key-0123456789';

describe('adapter replay of recorded Gemini sessions', () => {
  if (!recordings) {
    const reason = `no recordings at ${RECORDINGS_DIR}: they live in the shared folder beside the repository, not in it`;
    console.warn(`Skipping the adapter replay of recorded Gemini sessions: ${reason}`);
    it.skip(`skipped: ${reason}`, () => {});
    return;
  }
  let server: FakeServerThread;
  beforeAll(async () => {
    server = await startFakeServerThread({ gemini: { apiKey: KEY } });
  });
  afterEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const recording of recordings) {
    it(recording.file, async () => {
      await server.enqueue('gemini', ...repliesOf(recording));
      const models = createGeminiAsyncModels({
        apiKey: KEY,
        baseUrl: server.baseUrlFor('gemini'),
        maxRetries: 0,
      });
      for (const interaction of recording.interactions) {
        const params = {
          model: recording.model,
          contents: interaction.requestBody.contents,
          config: recording.config,
        };
        const expected = recordedReply(interaction.segments);
        if (interaction.status !== 200) {
          const call =
            recording.mode === 'stream'
              ? models.generateContentStream(params)
              : models.generateContent(params);
          const error = await call.then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
          expect(NotFoundError.isInstance(error)).toBe(true);
          const recorded = interaction.segments[0] as {
            error: { message: string; status: string };
          };
          expect(error).toMatchObject({
            status: interaction.status,
            provider: 'gemini',
            providerMessage: recorded.error.message,
            providerCode: recorded.error.status,
          });
          continue;
        }
        let chunks: GenerateContentResponse[];
        if (recording.mode === 'stream') {
          chunks = [];
          for await (const chunk of await models.generateContentStream(params)) chunks.push(chunk);
          expect(chunks).toHaveLength(interaction.segments.length);
        } else {
          chunks = [await models.generateContent(params)];
        }
        const text = chunks.map((chunk) => chunk.text ?? '').join('');
        expect(text === '' ? undefined : text).toEqual(expected.text);
        expect(chunks.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual(
          expected.functionCalls,
        );
        expect(chunks.at(-1)?.finishReason).toBe(expected.finishReason);
        expect(chunks.at(-1)?.usageMetadata).toEqual(expected.usageMetadata);
      }

      const sent = await server.requests('gemini');
      // The recorded URLs carry no key: a key in the query would show there, redacted.
      expect(sent.map(urlOf)).toEqual(recording.interactions.map((interaction) => interaction.url));
      expect(sent.map((request) => request.body)).toEqual(
        recording.interactions.map((interaction) => interaction.requestBody),
      );
      for (const request of sent) {
        expect(request.authorized).toBe(true);
        expect(request.headers['x-goog-api-key']).toBe('[redacted]');
      }
    });
  }
});
