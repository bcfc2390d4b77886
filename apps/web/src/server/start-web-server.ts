import {
  AsyncChats,
  type AsyncModels,
  type GenerateContentConfig,
  type SessionStore,
} from '@colloquy/chat-core';
import { createChatHandler } from '@colloquy/server';
import { serveNode } from '@colloquy/server/node';
import { createWebHandler } from './create-web-handler';
import { ownerOf } from './owner-cookie';

export interface WebServerOptions {
  models: AsyncModels;
  /** Where sessions are kept; closed with the server. */
  store: SessionStore;
  /** The model new sessions use. */
  model: string;
  /** Sent with every message: generation settings and the tools the model may call. */
  config?: GenerateContentConfig;
  /** The built front end. */
  publicDir: string;
  port: number;
  host: string;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the web chat: the chat API under `/api` and the front end, on one port. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { store } = options;
  const chats = new AsyncChats(options.models, { store });
  const api = createChatHandler({
    chats,
    basePath: '/api',
    authenticate: ownerOf,
    model: options.model,
    ...(options.config ? { config: options.config } : {}),
    onError: (error) => console.error('[colloquy-web] unexpected error:', error),
  });
  const server = await serveNode(createWebHandler({ api, publicDir: options.publicDir }), {
    port: options.port,
    hostname: options.host,
  });
  return {
    url: server.url,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
