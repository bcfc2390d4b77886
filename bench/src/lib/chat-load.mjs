// What the server-load scenario's two processes share: the chats' messages and expected
// replies, the clock, and the mock transport that stamps each chunk as it leaves.
import { createMockAsyncModels } from '@colloquy/provider-mock';

export const MODEL = 'mock-model';

export const messageOf = (i) =>
  `load test chat ${i}: ${'lorem ipsum dolor sit amet '.repeat(6).trim()}`;

// The mock's reply when its script is empty: derived from the message, so each chat's is its own.
export const expectedReply = (message) => `Mock reply 1: you said "${message}".`;

const chatIndexOf = (contents) =>
  Number(/load test chat (\d+):/.exec(JSON.stringify(contents.at(-1)))?.[1] ?? -1);

/** Milliseconds on the system's monotonic clock: the same in every process of the machine. */
export const clock = () => Number(process.hrtime.bigint() / 1_000n) / 1_000;

/** The mock behind a wrapper that stamps each chunk as it leaves the provider, per chat. */
export function stampedModels(chunkDelayMs, left) {
  const mock = createMockAsyncModels({ turns: [], chunkDelayMs });
  return {
    specificationVersion: mock.specificationVersion,
    provider: mock.provider,
    generateContent: (params) => mock.generateContent(params),
    async generateContentStream(params) {
      const times = [];
      left.set(chatIndexOf(params.contents), times);
      const stream = await mock.generateContentStream(params);
      return (async function* () {
        for await (const chunk of stream) {
          times.push(clock());
          yield chunk;
        }
      })();
    },
  };
}
