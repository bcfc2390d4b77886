import type { AsyncChats, GenerateContentConfig, SessionStore } from '@colloquy/chat-core';
import type { StreamLog } from '../stream-log/stream-log';
import type { StreamSlots } from './stream-slots';

/** The handler's options with their defaults applied, shared by every route. */
export interface HandlerContext {
  chats: AsyncChats;
  store: SessionStore;
  log: StreamLog;
  basePath: string;
  model: string;
  models: string[];
  config: GenerateContentConfig | undefined;
  maxBodyBytes: number;
  idempotencyTtlMs: number;
  heartbeatMs: number;
  protocol: 'colloquy' | 'ai-sdk';
  slots: StreamSlots;
  onError(error: unknown): void;
}

/** One request as a route sees it: authenticated, its session (if any) checked as the owner's. */
export interface RouteCall {
  ctx: HandlerContext;
  request: Request;
  url: URL;
  ownerId: string;
  /** The `:id` of the path, already checked to be the owner's session. */
  sessionId: string;
}
