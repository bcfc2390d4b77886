import { randomUUID } from 'node:crypto';
import {
  type AsyncChat,
  AsyncChats,
  type Chat,
  Chats,
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
  type SessionHead,
  SessionNotFoundError,
  type SessionStore,
  type ToolListUnion,
  type TurnRecord,
} from '@colloquy/chat-core';
import { loadAsyncModels, loadModels } from '@colloquy/providers';
import type { ChatTarget } from '../config/chat-target';
import type { ChatConfig } from '../config/demo-config-file';
import { providerLabel } from './provider-label';
import { tallyAsyncModels, tallyModels } from './tally-models';
import { UsageTally } from './usage-tally';

/** `async`: `AsyncChat` over `loadAsyncModels`; `sync`: the blocking `Chat` over `loadModels`. */
export type ChatMode = 'async' | 'sync';

type Backend =
  | { mode: 'async'; chats: AsyncChats; chat: AsyncChat; close(): void }
  | { mode: 'sync'; chats: Chats; chat: Chat; close(): void };

/** Where a new chat's history comes from: exact turn records, or plain contents. */
export type ChatHistorySource = { turns: TurnRecord[] } | { history: Content[] };

/** How a chat starts: new (with a history, and a session id when stored), or resumed. */
type Start = { history: ChatHistorySource; sessionId?: string } | { resume: string };

/** The owner of the demo's sessions in the store: `/sessions` lists this owner's. */
const DEMO_OWNER = 'colloquy-demo';

export interface SendOptions {
  stream: boolean;
  /** Aborts the reply (async mode only: it cannot reach the blocking Chat's worker). */
  signal?: AbortSignal;
  onChunk: (chunk: GenerateContentResponse) => void;
}

export interface OpenSessionOptions {
  target: ChatTarget;
  config: ChatConfig;
  mode: ChatMode;
  tools: ToolListUnion;
  toolsEnabled: boolean;
  history?: ChatHistorySource;
  /** Where conversations persist; none: in memory only. */
  store?: SessionStore;
  /** With a store: the session to continue. */
  resume?: string;
}

function closeOf(models: object): () => void {
  // Blocking models of HTTP adapters hold a worker-side instance until closed.
  const close = (models as { close?: unknown }).close;
  return typeof close === 'function' ? () => close.call(models) : () => {};
}

/**
 * The demo's conversation: one chat-core chat plus what the demo adds around it (the
 * current provider, tools on or off, usage totals). Switching provider or loading a session
 * replaces the chat but carries its turn records over, so nothing of the history is lost.
 */
export class ChatSession {
  toolsEnabled: boolean;

  private constructor(
    private backend: Backend,
    private currentTarget: ChatTarget,
    private currentConfig: ChatConfig,
    readonly usage: UsageTally,
    private readonly tools: ToolListUnion,
    toolsEnabled: boolean,
    readonly store: SessionStore | undefined,
  ) {
    this.toolsEnabled = toolsEnabled;
  }

  static async open(options: OpenSessionOptions): Promise<ChatSession> {
    const { target, mode, config, tools, toolsEnabled, store } = options;
    const usage = new UsageTally();
    const start: Start =
      options.resume === undefined
        ? { history: options.history ?? { turns: [] } }
        : { resume: options.resume };
    const backend = await openBackend(target, mode, config, usage, store, start);
    return new ChatSession(backend, target, config, usage, tools, toolsEnabled, store);
  }

  /** The session's id in the store; undefined without one. */
  get sessionId(): string | undefined {
    return this.backend.chat.sessionId;
  }

  get target(): ChatTarget {
    return this.currentTarget;
  }

  /** The generation settings sent with every message. */
  get config(): ChatConfig {
    return this.currentConfig;
  }

  get mode(): ChatMode {
    return this.backend.mode;
  }

  /** Sends a message; chunks (or the one whole reply) go to `onChunk` as they arrive. */
  async send(text: string, { stream, signal, onChunk }: SendOptions): Promise<void> {
    const backend = this.backend;
    if (backend.mode === 'async') {
      const config = this.sendConfig(signal);
      if (stream) {
        for await (const chunk of await backend.chat.sendMessageStream(text, config)) {
          onChunk(chunk);
        }
      } else {
        onChunk(await backend.chat.sendMessage(text, config));
      }
      return;
    }
    const config = this.sendConfig(undefined);
    if (stream) {
      for (const chunk of backend.chat.sendMessageStream(text, config)) onChunk(chunk);
    } else {
      onChunk(backend.chat.sendMessage(text, config));
    }
  }

  private sendConfig(signal: AbortSignal | undefined): GenerateContentConfig {
    return {
      ...this.currentConfig,
      ...(this.toolsEnabled ? { tools: this.tools } : {}),
      ...(signal ? { abortSignal: signal } : {}),
    };
  }

  /**
   * Continues the conversation on another provider or model: new models, and a new chat
   * created with this one's turn records. On failure (a missing key...) nothing changes.
   */
  async switchTo(target: ChatTarget): Promise<void> {
    // A stored session goes on under its id; one not written yet starts with these turns.
    const id = this.sessionId;
    if (id !== undefined) {
      try {
        await this.replace(target, { resume: id }, this.currentConfig);
        return;
      } catch (error) {
        if (!SessionNotFoundError.isInstance(error)) throw error;
      }
    }
    await this.replace(
      target,
      { history: { turns: this.getTurns() }, ...(id === undefined ? {} : { sessionId: id }) },
      this.currentConfig,
    );
  }

  /** Replaces the conversation and its settings (a loaded session), on `target`. */
  async restore(target: ChatTarget, history: ChatHistorySource, config: ChatConfig): Promise<void> {
    await this.replace(target, { history }, config);
  }

  /** Continues the stored session `id` on the current provider and model. */
  async openStored(id: string): Promise<void> {
    await this.replace(this.currentTarget, { resume: id }, this.currentConfig);
    this.usage.clear();
  }

  /**
   * The sessions of the demo in the store, most recently written first. (The store lists by
   * id, a page at a time; the demo has few enough to read them all.)
   */
  listStored(): Promise<SessionHead[]> {
    return this.store ? listDemoSessions(this.store) : Promise.resolve([]);
  }

  /** A new, empty conversation on the same provider and model (a new session when stored). */
  reset(): void {
    const backend = this.backend;
    const params = createParams(this.currentTarget, this.currentConfig, this.store, {
      history: { turns: [] },
    });
    if (backend.mode === 'async') backend.chat = backend.chats.create(params);
    else backend.chat = backend.chats.create(params);
    this.usage.clear();
  }

  private async replace(target: ChatTarget, start: Start, config: ChatConfig): Promise<void> {
    const next = await openBackend(
      target,
      this.backend.mode,
      config,
      this.usage,
      this.store,
      start,
    );
    this.backend.close();
    this.backend = next;
    this.currentTarget = target;
    this.currentConfig = config;
  }

  getHistory(curated = false): Content[] {
    return this.backend.chat.getHistory(curated);
  }

  getTurns(): TurnRecord[] {
    return this.backend.chat.getTurns();
  }

  close(): void {
    this.backend.close();
    // SQLite closes at once; a server store's connection ends in the background.
    this.store?.close().catch(() => {});
  }
}

/** The demo's sessions in `store`, most recently written first. */
export async function listDemoSessions(store: SessionStore): Promise<SessionHead[]> {
  const sessions: SessionHead[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ownerId: DEMO_OWNER, ...(cursor ? { cursor } : {}) });
    sessions.push(...page.sessions);
    cursor = page.cursor;
  } while (cursor);
  return sessions.sort((a, b) => b.updatedAt - a.updatedAt);
}

function createParams(
  target: ChatTarget,
  config: ChatConfig,
  store: SessionStore | undefined,
  start: Extract<Start, { history: unknown }>,
) {
  return {
    model: target.model,
    config,
    ...start.history,
    ...(store ? { sessionId: start.sessionId ?? randomUUID(), ownerId: DEMO_OWNER } : {}),
  };
}

async function openBackend(
  target: ChatTarget,
  mode: ChatMode,
  config: ChatConfig,
  usage: UsageTally,
  store: SessionStore | undefined,
  start: Start,
): Promise<Backend> {
  const providerConfig = {
    provider: target.provider,
    model: target.model,
    options: target.options,
  };
  const key = `${providerLabel(target.provider)}/${target.model}`;
  const onUsage = (metadata: Parameters<UsageTally['record']>[1]) => usage.record(key, metadata);
  const resume = { model: target.model, config };
  if (mode === 'async') {
    const models = await loadAsyncModels(providerConfig);
    try {
      const chats = new AsyncChats(tallyAsyncModels(models, onUsage), { store });
      const chat =
        'resume' in start
          ? await chats.resume(start.resume, resume)
          : chats.create(createParams(target, config, store, start));
      return { mode, chats, chat, close: closeOf(models) };
    } catch (error) {
      closeOf(models)();
      throw error;
    }
  }
  const models = await loadModels(providerConfig);
  try {
    // A store without a blocking face (Redis, PostgreSQL) is a ConfigurationError here.
    const chats = new Chats(tallyModels(models, onUsage), { store });
    const chat =
      'resume' in start
        ? chats.resume(start.resume, resume)
        : chats.create(createParams(target, config, store, start));
    return { mode, chats, chat, close: closeOf(models) };
  } catch (error) {
    closeOf(models)();
    throw error;
  }
}
