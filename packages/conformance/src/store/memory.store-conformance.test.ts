import { createMemoryStore } from '@colloquy/chat-core/memory-store';
import { describeStoreConformance } from '@colloquy/conformance';

describeStoreConformance(
  (options) => {
    const map = new Map<string, string>();
    return {
      store: createMemoryStore({ ...options, map }),
      connect: () => createMemoryStore({ ...options, map }),
      async corrupt(sessionId) {
        map.set(`t:${sessionId}:1`, '{"seq":1,"status":');
      },
      async dump() {
        return JSON.stringify([...map]);
      },
    };
  },
  { name: 'memory' },
);
