import type { AsyncChats, GenerateContentConfig } from '@colloquy/chat-core';
import type { StreamLog } from '../stream-log/stream-log';

/** What `createChatHandler` takes. */
export interface ChatHandlerOptions {
  /** Makes the chats; must have a session store (`new AsyncChats(models, { store })`). */
  chats: AsyncChats;
  /** The caller's owner id, or `undefined` to answer 401. Sessions are private to their owner. */
  authenticate(request: Request): string | undefined | Promise<string | undefined>;
  /** The model of new sessions. */
  model: string;
  /** The models `POST /sessions` may name (default: only `model`). */
  models?: string[];
  /**
   * Server-side config merged over every send: tools with handlers, safety settings, limits.
   * Clients can never set these.
   */
  config?: GenerateContentConfig;
  /** Where running turns' events go (default `createMemoryStreamLog()`: one instance). */
  streamLog?: StreamLog;
  /** Where the routes are mounted, e.g. `'/api'` (default `''`). */
  basePath?: string;
  /** The largest request body accepted (default 1 MiB; over it: 413). */
  maxBodyBytes?: number;
  /** Open streams per owner on this instance (default 8; over it: 429). */
  maxStreamsPerOwner?: number;
  /** How long an `Idempotency-Key` is remembered (default 24 h). */
  idempotencyTtlMs?: number;
  /** How often an idle stream sends a `: keep-alive` comment (default 15 000). */
  heartbeatMs?: number;
  /**
   * What the messages and stream routes speak: Colloquy's SSE events (default) or the Vercel
   * AI SDK's UI message stream (`'ai-sdk'`), for `useChat` front ends.
   */
  protocol?: 'colloquy' | 'ai-sdk';
  /** Called with every unexpected error (its details never reach the client): log it here. */
  onError?(error: unknown, request: Request): void;
}

/** The fetch handler: mount it in any server that speaks `Request`/`Response`. */
export type ChatHandler = (request: Request) => Promise<Response>;
