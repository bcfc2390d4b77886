import type { ChatHistory } from '../history/chat-history';
import type { TurnRecord } from '../history/turn-record';
import { resolveToolsAsync } from '../tools/resolve-tools';
import type { Content, PartListUnion } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import { GenerateContentResponse } from '../types/generate-content-response';
import type { AsyncModels } from '../types/models';
import type { Part } from '../types/part';
import { asyncTurnStream } from './async-turn-stream';
import { parseSendArguments, type SendMessageParameters } from './normalize-message';
import { PendingTurn, type PlannedCall } from './pending-turn';
import { begin, runAsync, type SessionLink } from './session-link';
import { asyncStoreSink, storedPendingTurn } from './store-turn-sink';

async function runCalls(planned: PlannedCall[]): Promise<Part[]> {
  // Calls of one round run concurrently; their responses keep the calls' order.
  const responses = await Promise.all(planned.map(({ call, run }) => run(call)));
  return responses.flat();
}

/**
 * An asynchronous chat session. Sends run one after another in call order (streams
 * included: the next send waits until the previous stream is consumed or abandoned).
 */
export class AsyncChat {
  private history: ChatHistory;
  /** Tail of the send queue; never rejects, so a failed send cannot block the next. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly models: AsyncModels,
    readonly model: string,
    readonly config: GenerateContentConfig | undefined,
    history: ChatHistory,
    /** The stored session, for a chat of `AsyncChats` with a `store`. */
    private readonly link?: SessionLink,
  ) {
    this.history = history;
  }

  /** The session id in the store; undefined for a chat without a store. */
  get sessionId(): string | undefined {
    return this.link?.sessionId;
  }

  /**
   * Starts a send: its turn begins in the store first (when the chat has one), which may
   * reload the history. Nothing is begun if the tools cannot be resolved.
   */
  private async start(content: Content, config: GenerateContentConfig | undefined) {
    const tools = await resolveToolsAsync(config);
    const link = this.link;
    if (!link) return new PendingTurn(this.history, this.model, content, config, tools);
    const turnId = await runAsync(
      begin(link, content, (history) => {
        this.history = history;
      }),
    );
    const origin = { model: this.model, provider: this.models.provider };
    return storedPendingTurn(
      asyncStoreSink,
      link,
      turnId,
      origin,
      this.history,
      content,
      config,
      tools,
    );
  }

  /** Waits for the previous send and returns the release function of this one. */
  private acquire(): Promise<() => void> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.queue;
    this.queue = done;
    return previous.then(() => release);
  }

  /**
   * Sends a message and resolves with the model's reply. `config` replaces the chat's
   * config for this call only. Also accepts `sendMessage({message, config})`.
   */
  sendMessage(
    message: PartListUnion | SendMessageParameters,
    config?: GenerateContentConfig,
  ): Promise<GenerateContentResponse> {
    let parsed: ReturnType<typeof parseSendArguments>;
    try {
      parsed = parseSendArguments(message, config);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.acquire().then(async (release) => {
      try {
        const turn = await this.start(parsed.content, parsed.config ?? this.config);
        try {
          for (;;) {
            const response = GenerateContentResponse.from(
              await this.models.generateContent(turn.request()),
            );
            const planned = turn.plan(response);
            if (!planned) {
              await turn.complete(response);
              return response;
            }
            turn.addRound(
              response.candidates?.[0]?.content as Content,
              await runCalls(planned),
              response.usageMetadata,
            );
          }
        } catch (error) {
          await turn.interrupt(error);
          throw error;
        }
      } finally {
        release();
      }
    });
  }

  /**
   * Sends a message and resolves with the reply as an async iterable of chunks. The
   * request is made before this resolves, so HTTP errors reject here. History is recorded
   * after the last chunk (rule 5); a stream that fails or is abandoned with `break` records
   * the partial turn as interrupted (rule 6).
   */
  async sendMessageStream(
    message: PartListUnion | SendMessageParameters,
    config?: GenerateContentConfig,
  ): Promise<AsyncGenerator<GenerateContentResponse, void, undefined>> {
    const parsed = parseSendArguments(message, config);
    const release = await this.acquire();
    let turn: PendingTurn | undefined;
    let stream: AsyncIterable<GenerateContentResponse>;
    try {
      turn = await this.start(parsed.content, parsed.config ?? this.config);
      stream = await this.models.generateContentStream(turn.request());
    } catch (error) {
      try {
        await turn?.interrupt(error);
      } finally {
        release();
      }
      throw error;
    }
    return asyncTurnStream(this.models, turn, stream, runCalls, release);
  }

  /** Copies of the comprehensive history (default) or, with `true`, the curated one. */
  getHistory(curated = false): Content[] {
    return this.history.get(curated);
  }

  /** Copies of the per-send records with their status (complete, invalid, interrupted). */
  getTurns(): TurnRecord[] {
    return this.history.getTurns();
  }
}
