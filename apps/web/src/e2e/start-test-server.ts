import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoTools, openStore } from '@colloquy/demo/settings';
import { createMockAsyncModels, type MockTurn } from '@colloquy/provider-mock';
import { startWebServer, type WebServer } from '../server/start-web-server';

/** Pause before each streamed word: a reply of ~25 words takes ~2.5 s, long enough to act on. */
const CHUNK_DELAY_MS = 100;

/**
 * The web chat on a free port, as `npm run web` serves it: the mock provider (replying
 * `Mock reply <n>: you said "<message>".`, word by word) with the demo tools, and a SQLite
 * store in a temporary folder. `turns` script the first replies (then the mock echoes again).
 */
export async function startTestServer(turns: MockTurn[] = []): Promise<WebServer> {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-web-'));
  const server = await startWebServer({
    models: createMockAsyncModels({ turns, chunkDelayMs: CHUNK_DELAY_MS }),
    store: await openStore(join(dir, 'chats.db'), dir),
    model: 'mock-1',
    config: { tools: createDemoTools({ onRun: () => {} }) },
    publicDir: join(dirname(fileURLToPath(import.meta.url)), '../../dist/public'),
    port: 0,
    host: '127.0.0.1',
  });
  return {
    url: server.url,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
