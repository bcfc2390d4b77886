import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServerThread, startFakeServerThread } from '../fake-server-thread';
import type { ProviderName } from '../provider-name';
import { readCorpus } from './read-corpus';
import { type CorpusAdapter, replayCorpusCase } from './replay-corpus-case';

export interface CorpusReplayOptions {
  provider: ProviderName;
  /** The adapter's corpus folder (`new URL('./__fixtures__/corpus/', import.meta.url)`). */
  directory: URL;
  /** The key the fake server expects and the adapter sends. */
  apiKey: string;
  adapter: CorpusAdapter;
}

/**
 * An adapter's recorded-traffic corpus as vitest cases: each recorded reply, served by the
 * fake server thread on 127.0.0.1, goes through `AsyncChat` and the blocking `Chat` (the
 * bridge's worker imports the built package), and the turn the chat records must be the one
 * the recording calls for. Adding a recording adds a case.
 */
export function describeCorpusReplay({
  provider,
  directory,
  apiKey,
  adapter,
}: CorpusReplayOptions): void {
  const corpus = readCorpus(directory);
  let server: FakeServerThread;
  beforeAll(async () => {
    server = await startFakeServerThread({ [provider]: { apiKey } });
  });
  afterEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.close();
  });

  describe.each([
    ['AsyncChat', 'async'],
    ['Chat (sync bridge)', 'sync'],
  ] as const)(`the ${provider} corpus through %s`, (_label, kind) => {
    it('has recordings', () => {
      expect(corpus.length).toBeGreaterThan(0);
    });

    for (const entry of corpus) {
      it(`${entry.name} (${entry.mode})`, async () => {
        await server.enqueue(provider, ...entry.replies);
        const result = await replayCorpusCase(entry, adapter, kind, server.baseUrlFor(provider));
        expect(result).toEqual({
          turn: entry.turn,
          ...(entry.error !== undefined && { error: entry.error }),
        });
        expect(await server.requests(provider)).toHaveLength(entry.replies.length);
      });
    }
  });
}
