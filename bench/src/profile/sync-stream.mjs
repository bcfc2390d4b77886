// Profiling entry for scenario 4: Gemini streams through the blocking Chat (sync bridge).
//   node --cpu-prof --cpu-prof-dir=/tmp/prof src/profile/sync-stream.mjs 20000 20
// --cpu-prof writes one profile per thread: the main thread and the bridge's worker.
import { Chats } from '@colloquy/chat-core';
import { createGeminiModels } from '@colloquy/provider-gemini';
import { API_KEY, PROMPT } from '../lib/clients.mjs';
import { startServer } from '../lib/sse-server.mjs';

const [events = '20000', times = '20'] = process.argv.slice(2);
const server = await startServer();
const chats = new Chats(createGeminiModels({ apiKey: API_KEY, baseUrl: server.url }));
const read = () => {
  let length = 0;
  const chat = chats.create({ model: `bench-${events}` });
  for (const chunk of chat.sendMessageStream(PROMPT)) length += chunk.text?.length ?? 0;
  return length;
};
read();
const start = performance.now();
for (let i = 0; i < Number(times); i++) read();
console.log(
  `${((performance.now() - start) / Number(times)).toFixed(1)} ms per stream of ${events}`,
);
await server.close();
process.exit(0);
