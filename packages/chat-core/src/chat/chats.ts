import { ConfigurationError } from '../errors/configuration-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import { ChatHistory } from '../history/chat-history';
import type { TurnRecord } from '../history/turn-record';
import type { SessionStore, SyncSessionStore } from '../store/session-store';
import type { StoredSession } from '../store/stored-session';
import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { AsyncModels, Models } from '../types/models';
import { AsyncChat } from './async-chat';
import { Chat } from './chat';
import { checkSpecificationVersion } from './check-specification-version';
import type { OnBusy, SessionLink } from './session-link';

export type { OnBusy };

export interface ChatsOptions {
  /**
   * Where sessions persist (`createMemoryStore()`, `@colloquy/store-sqlite`, ...). Each send
   * is then written to the store before it resolves; see `resume`.
   */
  store?: SessionStore;
}

export interface CreateChatParameters {
  /** Model name as the provider knows it. */
  model: string;
  /** Default config for every send; a send's own config replaces it for that call. */
  config?: GenerateContentConfig;
  /** Earlier turns. Roles must be `user` or `model`; curated by the history rules. */
  history?: Content[];
  /**
   * Turns saved with `getTurns()`, restored exactly (statuses included). Use instead of
   * `history` when restoring a saved session, so interrupted turns stay out of the curated
   * history.
   */
  turns?: TurnRecord[];
  /** With a store: the session's id (default a random UUID). Written with the first send. */
  sessionId?: string;
  /** With a store: who the session belongs to, for `store.list` and `store.eraseOwner`. */
  ownerId?: string;
  /** With a store: stored with the session (JSON). */
  metadata?: Record<string, unknown>;
  /**
   * With a store: when another chat has a turn in flight in the session, a send fails with
   * `SessionBusyError` (`'fail'`, the default) or waits for that turn, reloads the session
   * and sends on top of it (`'wait'`; a `SessionConflictError` is then reloaded over too).
   */
  onBusy?: OnBusy;
}

export interface ResumeChatParameters {
  /** Continue on another model than the session's own (`head.model`, which stays as stored). */
  model?: string;
  /**
   * Merged over the stored config: give again what is not stored (callable tools,
   * `abortSignal`, `httpOptions`).
   */
  config?: GenerateContentConfig;
  onBusy?: OnBusy;
}

/** The config as a store keeps it: JSON only, without functions, signals or headers. */
function storable(config: GenerateContentConfig | undefined): GenerateContentConfig | undefined {
  if (!config) return undefined;
  const { abortSignal: _, httpOptions: __, tools, ...rest } = config;
  const declared = tools?.filter((tool) => !('handler' in tool || 'callTool' in tool));
  return JSON.parse(JSON.stringify(declared?.length ? { ...rest, tools: declared } : rest));
}

function historyOf(params: CreateChatParameters): ChatHistory {
  return params.turns
    ? ChatHistory.fromTurns(params.turns)
    : ChatHistory.fromContents(params.history ?? []);
}

/**
 * A new chat's history and, with a store, its link: the given history becomes the session's
 * first turns, numbered as the store will number them, written by the first send.
 */
function created(
  params: CreateChatParameters,
  store: SessionStore | SyncSessionStore | undefined,
  sleep: SessionLink['sleep'],
): [ChatHistory, SessionLink?] {
  const history = historyOf(params);
  if (!store) return [history];
  const turns = history.getTurns().map((turn, i) => ({
    ...turn,
    turnId: turn.turnId ?? crypto.randomUUID(),
    seq: i + 1,
  }));
  const fresh = JSON.parse(
    JSON.stringify({
      ownerId: params.ownerId,
      model: params.model,
      config: storable(params.config),
      metadata: params.metadata,
      turns: turns.map(({ seq: _, ...turn }) => turn),
    }),
  );
  return [
    ChatHistory.fromTurns(turns),
    {
      store,
      sessionId: params.sessionId ?? crypto.randomUUID(),
      onBusy: params.onBusy ?? 'fail',
      version: 0,
      fresh,
      sleep,
    },
  ];
}

/** What `resume` builds a chat from; `SessionNotFoundError` when nothing is stored. */
function resumed(
  sessionId: string,
  stored: StoredSession | undefined,
  store: SessionStore | SyncSessionStore | undefined,
  params: ResumeChatParameters,
  sleep: SessionLink['sleep'],
) {
  if (!store || !stored) throw new SessionNotFoundError({ sessionId });
  const { head } = stored;
  const config = head.config || params.config ? { ...head.config, ...params.config } : undefined;
  const link: SessionLink = {
    store,
    sessionId,
    onBusy: params.onBusy ?? 'fail',
    version: head.version,
    sleep,
  };
  return [params.model ?? head.model, config, ChatHistory.fromTurns(stored.turns), link] as const;
}

const sleepAsync = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Blocks the thread: `Chat` waiting for a busy session (Node; workers in browsers). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Makes blocking chat sessions over a blocking `Models`. Throws `ConfigurationError` when
 * `models` speaks another seam version than this chat-core (see `specificationVersion`),
 * or when `store` has no blocking face (`store.sync`).
 */
export class Chats {
  private readonly store?: SyncSessionStore;

  constructor(
    private readonly models: Models,
    options: ChatsOptions = {},
  ) {
    checkSpecificationVersion(models, 'Chats');
    if (options.store && !options.store.sync) {
      throw new ConfigurationError({
        message:
          'Chats (the blocking chat) needs a store that can write without waiting: createMemoryStore() (@colloquy/chat-core/memory-store) or createSqliteStore() (@colloquy/store-sqlite). Use AsyncChats for the Redis and PostgreSQL stores.',
      });
    }
    this.store = options.store?.sync;
  }

  /** A new chat; with a store, written by its first send (see `AsyncChats.create`). */
  create(params: CreateChatParameters): Chat {
    const [history, link] = created(params, this.store, sleepSync);
    return new Chat(this.models, params.model, params.config, history, link);
  }

  /** The stored session as a blocking chat (see `AsyncChats.resume`). */
  resume(sessionId: string, params: ResumeChatParameters = {}): Chat {
    const stored = this.store?.load(sessionId);
    return new Chat(this.models, ...resumed(sessionId, stored, this.store, params, sleepSync));
  }
}

/**
 * Makes asynchronous chat sessions over an `AsyncModels`. Throws `ConfigurationError` when
 * `models` speaks another seam version than this chat-core (see `specificationVersion`).
 */
export class AsyncChats {
  readonly #store?: SessionStore;

  constructor(
    private readonly models: AsyncModels,
    options: ChatsOptions = {},
  ) {
    checkSpecificationVersion(models, 'AsyncChats');
    this.#store = options.store;
  }

  /** The session store the chats write through, if any (e.g. for a server to list sessions). */
  get store(): SessionStore | undefined {
    return this.#store;
  }

  /** The models' provider name (`'gemini'`, `'mock'`, …), if they report one. */
  get provider(): string | undefined {
    return this.models.provider;
  }

  /**
   * A new chat. With a store the session is written lazily, by its first send (which fails
   * with `SessionConflictError` if another chat wrote that session id first).
   */
  create(params: CreateChatParameters): AsyncChat {
    const [history, link] = created(params, this.#store, sleepAsync);
    return new AsyncChat(this.models, params.model, params.config, history, link);
  }

  /**
   * The stored session as a chat: `getTurns()` and both histories as the chat that wrote
   * it left them. A turn whose writer died is recovered first, as `interrupted`. Throws
   * `SessionNotFoundError` when the session is not in the store (or there is no store).
   */
  async resume(sessionId: string, params: ResumeChatParameters = {}): Promise<AsyncChat> {
    const stored = await this.#store?.load(sessionId);
    return new AsyncChat(
      this.models,
      ...resumed(sessionId, stored, this.#store, params, sleepAsync),
    );
  }
}
