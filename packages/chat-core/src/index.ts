// What users write code against: sessions, their types, errors and tools. What adapter
// authors need beyond this (the seam's request types, its version, the error codec) is on
// `@colloquy/chat-core/spec`.
export { AsyncChat } from './chat/async-chat';
export { Chat } from './chat/chat';
export {
  AsyncChats,
  Chats,
  type ChatsOptions,
  type CreateChatParameters,
  type OnBusy,
  type ResumeChatParameters,
} from './chat/chats';
export type { SendMessageParameters } from './chat/normalize-message';
export * from './errors/index';
export { extractCuratedHistory } from './history/extract-curated-history';
export { isValidContent, isValidResponse } from './history/is-valid-content';
export type { TurnRecord, TurnStatus } from './history/turn-record';
export { parseJsonReply } from './reply/parse-json-reply';
export * from './store/index';
export { functionTool } from './tools/function-tool';
export * from './types/index';
