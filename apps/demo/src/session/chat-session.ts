import {
  type AsyncChat,
  AsyncChats,
  type CallableTool,
  type Chat,
  Chats,
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
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
  tools: CallableTool[];
  toolsEnabled: boolean;
  history?: ChatHistorySource;
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
    private readonly tools: CallableTool[],
    toolsEnabled: boolean,
  ) {
    this.toolsEnabled = toolsEnabled;
  }

  static async open(options: OpenSessionOptions): Promise<ChatSession> {
    const { target, mode, config, tools, toolsEnabled } = options;
    const usage = new UsageTally();
    const history = options.history ?? { turns: [] };
    const backend = await openBackend(target, mode, config, usage, history);
    return new ChatSession(backend, target, config, usage, tools, toolsEnabled);
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
    await this.replace(target, { turns: this.getTurns() }, this.currentConfig);
  }

  /** Replaces the conversation and its settings (a loaded session), on `target`. */
  async restore(target: ChatTarget, history: ChatHistorySource, config: ChatConfig): Promise<void> {
    await this.replace(target, history, config);
  }

  /** A new, empty conversation on the same provider and model. */
  reset(): void {
    const backend = this.backend;
    const params = { model: this.currentTarget.model, config: this.currentConfig, turns: [] };
    if (backend.mode === 'async') backend.chat = backend.chats.create(params);
    else backend.chat = backend.chats.create(params);
    this.usage.clear();
  }

  private async replace(
    target: ChatTarget,
    history: ChatHistorySource,
    config: ChatConfig,
  ): Promise<void> {
    const next = await openBackend(target, this.backend.mode, config, this.usage, history);
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
  }
}

async function openBackend(
  target: ChatTarget,
  mode: ChatMode,
  config: ChatConfig,
  usage: UsageTally,
  history: ChatHistorySource,
): Promise<Backend> {
  const providerConfig = {
    provider: target.provider,
    model: target.model,
    options: target.options,
  };
  const key = `${providerLabel(target.provider)}/${target.model}`;
  const onUsage = (metadata: Parameters<UsageTally['record']>[1]) => usage.record(key, metadata);
  const params = { model: target.model, config, ...history };
  if (mode === 'async') {
    const models = await loadAsyncModels(providerConfig);
    const chats = new AsyncChats(tallyAsyncModels(models, onUsage));
    return { mode, chats, chat: chats.create(params), close: closeOf(models) };
  }
  const models = await loadModels(providerConfig);
  const chats = new Chats(tallyModels(models, onUsage));
  return { mode, chats, chat: chats.create(params), close: closeOf(models) };
}
