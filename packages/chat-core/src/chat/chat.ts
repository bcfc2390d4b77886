import { ColloquyError } from '../errors/colloquy-error';
import type { ChatHistory } from '../history/chat-history';
import type { TurnRecord } from '../history/turn-record';
import { resolveTools } from '../tools/resolve-tools';
import type { Content, PartListUnion } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import { GenerateContentResponse } from '../types/generate-content-response';
import type { Models } from '../types/models';
import type { Part } from '../types/part';
import { guardUnstarted } from './guard-unstarted';
import { parseSendArguments, type SendMessageParameters } from './normalize-message';
import { asyncHandlerError, PendingTurn, type PlannedCall } from './pending-turn';
import { begin, runSync, type SessionLink } from './session-link';
import { storedPendingTurn, syncStoreSink } from './store-turn-sink';
import { StreamAccumulator } from './stream-accumulator';

function runCalls(planned: PlannedCall[]): Part[] {
  return planned.flatMap(({ call, run }) => {
    const parts = run(call);
    // A handler's promise never rejects (its failure becomes an error response): safe to drop.
    if (!Array.isArray(parts)) throw asyncHandlerError(call.name);
    return parts;
  });
}

/**
 * A blocking chat session, for scripts and synchronous plugin APIs. Needs a blocking
 * `Models`: the mock provider's, or any adapter's through `@colloquy/sync-bridge`.
 */
export class Chat {
  private history: ChatHistory;
  /** Set while a stream of this chat is open: sends are strictly one after another. */
  private openStream = false;

  constructor(
    private readonly models: Models,
    readonly model: string,
    readonly config: GenerateContentConfig | undefined,
    history: ChatHistory,
    /** The stored session, for a chat of `Chats` with a `store`. */
    private readonly link?: SessionLink,
  ) {
    this.history = history;
  }

  /** The session id in the store; undefined for a chat without a store. */
  get sessionId(): string | undefined {
    return this.link?.sessionId;
  }

  /** Starts a send; with a store its turn begins there first (see `AsyncChat`). */
  private start(content: Content, config: GenerateContentConfig | undefined): PendingTurn {
    const link = this.link;
    if (!link) return new PendingTurn(this.history, this.model, content, config);
    const tools = resolveTools(config);
    const turnId = runSync(
      begin(link, content, (history) => {
        this.history = history;
      }),
    );
    const origin = { model: this.model, provider: this.models.provider };
    return storedPendingTurn(
      syncStoreSink,
      link,
      turnId,
      origin,
      this.history,
      content,
      config,
      tools,
    );
  }

  private assertIdle(): void {
    if (this.openStream) {
      throw new ColloquyError({
        message:
          'This chat still has an open stream. Consume it or break out of it before sending again (a blocking Chat cannot wait for it).',
      });
    }
  }

  /** Sends a message and returns the reply. Also accepts `sendMessage({message, config})`. */
  sendMessage(
    message: PartListUnion | SendMessageParameters,
    config?: GenerateContentConfig,
  ): GenerateContentResponse {
    const parsed = parseSendArguments(message, config);
    this.assertIdle();
    const turn = this.start(parsed.content, parsed.config ?? this.config);
    try {
      for (;;) {
        const response = GenerateContentResponse.from(this.models.generateContent(turn.request()));
        const planned = turn.plan(response);
        if (!planned) {
          void turn.complete(response);
          return response;
        }
        turn.addRound(
          response.candidates?.[0]?.content as Content,
          runCalls(planned),
          response.usageMetadata,
        );
      }
    } catch (error) {
      void turn.interrupt(error);
      throw error;
    }
  }

  /**
   * Sends a message and returns the reply as an iterable of chunks. The request is made
   * before this returns. History is recorded after the last chunk; a failed or abandoned
   * stream records the partial turn as interrupted.
   */
  sendMessageStream(
    message: PartListUnion | SendMessageParameters,
    config?: GenerateContentConfig,
  ): Generator<GenerateContentResponse, void, undefined> {
    const parsed = parseSendArguments(message, config);
    this.assertIdle();
    const turn = this.start(parsed.content, parsed.config ?? this.config);
    let stream: Iterable<GenerateContentResponse>;
    try {
      stream = this.models.generateContentStream(turn.request());
    } catch (error) {
      void turn.interrupt(error);
      throw error;
    }
    this.openStream = true;
    return guardUnstarted(this.streamTurn(turn, stream), () => {
      this.openStream = false;
      try {
        void turn.interrupt(undefined);
      } finally {
        stream[Symbol.iterator]().return?.();
      }
    });
  }

  private *streamTurn(
    turn: PendingTurn,
    first: Iterable<GenerateContentResponse>,
  ): Generator<GenerateContentResponse, void, undefined> {
    let stream = first;
    let accumulator = new StreamAccumulator();
    turn.partial = accumulator;
    let failure: { error: unknown } | undefined;
    try {
      for (;;) {
        for (const raw of stream) {
          const chunk = GenerateContentResponse.from(raw);
          accumulator.add(chunk);
          turn.progress();
          yield chunk;
        }
        const response = accumulator.toResponse();
        const planned = accumulator.isValid() ? turn.plan(response) : undefined;
        if (!planned) {
          void turn.completeStream(accumulator);
          return;
        }
        turn.addRound(accumulator.content(), runCalls(planned), response.usageMetadata);
        accumulator = new StreamAccumulator();
        turn.partial = accumulator;
        stream = this.models.generateContentStream(turn.request());
      }
    } catch (error) {
      failure = { error };
      throw error;
    } finally {
      this.openStream = false;
      // With a store this commits the partial turn; a store failure is thrown here.
      void turn.interrupt(failure?.error, accumulator);
    }
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
