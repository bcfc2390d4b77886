export { AsyncChat } from './chat/async-chat';
export { Chat } from './chat/chat';
export { AsyncChats, Chats, type CreateChatParameters } from './chat/chats';
export type { SendMessageParameters } from './chat/normalize-message';
export * from './errors/index';
export { extractCuratedHistory } from './history/extract-curated-history';
export {
  isBlockedFinishReason,
  isValidContent,
  isValidResponse,
} from './history/is-valid-content';
export type { TurnRecord, TurnStatus } from './history/turn-record';
export * from './store/index';
export { functionTool, isCallableTool } from './tools/function-tool';
export * from './types/index';
