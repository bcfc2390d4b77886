import {
  AsyncChats,
  Chats,
  type Content,
  type GenerateContentResponse,
  isValidContent,
  NotFoundError,
  type Part,
} from '@colloquy/chat-core';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from './__fixtures__/fixtures';
import {
  loadRecordings,
  normalizeContents,
  RECORDINGS_DIR,
  type Recording,
  recordedReply,
  repliesOf,
} from './__fixtures__/gemini-recordings';
import { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';

// Real Gemini API chat sessions replayed through chat-core's sessions over this adapter:
// `AsyncChat` directly, and the blocking `Chat` through the worker-thread bridge (hence a
// real server on 127.0.0.1 rather than msw). Each chat is created and fed as the manifest
// says; what it sends must carry the recorded contents (the recorded SDK kept a streamed
// reply as one content per chunk, ours coalesces it, so both are normalised before
// comparing), and what it returns must be the recorded replies.
const recordings = loadRecordings();

const KEY = 'chat-replay-key-0123456789';

interface Reply {
  text: string | undefined;
  functionCalls: unknown[];
  finishReason: string | undefined;
  usageMetadata: unknown;
}

function replyOf(chunks: readonly GenerateContentResponse[]): Reply {
  const texts = chunks.map((chunk) => chunk.text).filter((text) => text !== undefined);
  return {
    text: texts.length > 0 ? texts.join('') : undefined,
    functionCalls: chunks.flatMap((chunk) => chunk.functionCalls ?? []),
    finishReason: chunks.at(-1)?.finishReason,
    usageMetadata: chunks.at(-1)?.usageMetadata,
  };
}

/** The model turn a recorded answer adds to the history: all its parts, in order. */
function recordedModelContent(segments: readonly unknown[]): Content {
  const parts: Part[] = [];
  for (const segment of segments as Array<{ candidates?: Array<{ content?: Content }> }>) {
    parts.push(...(segment.candidates?.[0]?.content?.parts ?? []));
  }
  return { role: 'model', parts };
}

/** A chat run, sync or async, reduced to what the replay compares. */
interface Run {
  replies: Reply[];
  error?: unknown;
  comprehensive: Content[];
  curated: Content[];
}

async function runAsync(recording: Recording, baseUrl: string): Promise<Run> {
  const models = createGeminiAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 });
  const chat = new AsyncChats(models).create({
    model: recording.model,
    config: recording.config,
    history: structuredClone(recording.history),
  });
  const replies: Reply[] = [];
  let error: unknown;
  try {
    for (const message of recording.messages) {
      if (recording.mode === 'send') {
        replies.push(replyOf([await chat.sendMessage(message)]));
      } else {
        const chunks: GenerateContentResponse[] = [];
        for await (const chunk of await chat.sendMessageStream(message)) chunks.push(chunk);
        replies.push(replyOf(chunks));
      }
    }
  } catch (thrown) {
    error = thrown;
  }
  return { replies, error, comprehensive: chat.getHistory(), curated: chat.getHistory(true) };
}

function runSync(recording: Recording, baseUrl: string): Run {
  const models = createGeminiModels({ apiKey: KEY, baseUrl, maxRetries: 0 });
  try {
    const chat = new Chats(models).create({
      model: recording.model,
      config: recording.config,
      history: structuredClone(recording.history),
    });
    const replies: Reply[] = [];
    let error: unknown;
    try {
      for (const message of recording.messages) {
        replies.push(
          replyOf(
            recording.mode === 'send'
              ? [chat.sendMessage(message)]
              : [...chat.sendMessageStream(message)],
          ),
        );
      }
    } catch (thrown) {
      error = thrown;
    }
    return { replies, error, comprehensive: chat.getHistory(), curated: chat.getHistory(true) };
  } finally {
    models.close();
  }
}

describe('chat replay of recorded Gemini sessions', () => {
  if (!recordings) {
    const reason = `no recordings at ${RECORDINGS_DIR}: they live in the shared folder beside the repository, not in it`;
    console.warn(`Skipping the chat replay of recorded Gemini sessions: ${reason}`);
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

  const runners = [
    ['AsyncChat', runAsync],
    ['Chat (sync bridge)', runSync],
  ] as const;

  for (const [kind, run] of runners) {
    describe(kind, () => {
      for (const recording of recordings) {
        it(recording.file, async () => {
          await server.enqueue('gemini', ...repliesOf(recording));
          const result = await run(recording, server.baseUrlFor('gemini'));
          const sent = await server.requests('gemini');

          // What the chat sent: the recorded contents, same endpoint, config and tools.
          expect(sent.map(urlOf)).toEqual(
            recording.interactions.map((interaction) => interaction.url),
          );
          for (const [k, request] of sent.entries()) {
            const { contents, ...rest } = request.body as { contents: Content[] };
            const { contents: recordedContents, ...recordedRest } = recording.interactions[k]
              ?.requestBody ?? { contents: [] };
            expect(normalizeContents(contents)).toEqual(normalizeContents(recordedContents));
            expect(rest).toEqual(recordedRest);
            expect(request.authorized).toBe(true);
          }

          if (recording.interactions.some((interaction) => interaction.status !== 200)) {
            // The manifest: the send fails with a not-found error and nothing is recorded.
            expect(NotFoundError.isInstance(result.error)).toBe(true);
            expect(result.comprehensive).toEqual(recording.history);
            return;
          }
          expect(result.error).toBeUndefined();

          // What the chat returned: the recorded replies.
          expect(result.replies).toEqual(
            recording.interactions.map((interaction) => recordedReply(interaction.segments)),
          );

          // The histories after the last message: every turn valid, so both hold the
          // last request's contents plus the last reply.
          const last = recording.interactions.at(-1);
          const expected = normalizeContents([
            ...(last?.requestBody.contents ?? []),
            recordedModelContent(last?.segments ?? []),
          ]);
          expect(normalizeContents(result.curated)).toEqual(expected);
          expect(normalizeContents(result.comprehensive)).toEqual(expected);
          for (const content of result.curated) {
            expect(['user', 'model']).toContain(content.role);
            expect(isValidContent(content)).toBe(true);
          }
        });
      }
    });
  }
});
