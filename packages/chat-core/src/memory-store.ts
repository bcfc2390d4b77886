// `@colloquy/chat-core/memory-store`: the reference session store, in memory, for tests and
// browsers. On its own entry so that apps keeping sessions elsewhere do not ship it.
export { createMemoryStore, type MemoryStoreOptions } from './store/create-memory-store';
