import { ConfigurationError } from '../errors/configuration-error';
import type { ChatHistory } from '../history/chat-history';
import { copyData } from '../history/copy-data';
import { isValidResponse } from '../history/is-valid-content';
import type { TurnRecord } from '../history/turn-record';
import { type CallRunner, type ResolvedConfig, resolveTools } from '../tools/resolve-tools';
import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { GenerateContentResponse, UsageMetadata } from '../types/generate-content-response';
import type { GenerateContentParameters } from '../types/models';
import type { FunctionCall, Part } from '../types/part';
import type { StreamAccumulator } from './stream-accumulator';
import { sumUsage } from './sum-usage';

const DEFAULT_MAXIMUM_REMOTE_CALLS = 10;

/** One function call the chat will run, with what runs it. */
export interface PlannedCall {
  call: FunctionCall;
  run: CallRunner;
}

/** What a send used: its total, and each round's when it had several. */
export type TurnUsage = Pick<TurnRecord, 'usage' | 'usageRounds'>;

/**
 * Where a finished send goes: straight into the history, or (a chat with a session store)
 * into the store first and then the history. A promise makes the send wait for it.
 */
export interface TurnSink {
  record(
    contents: Content[],
    status: 'complete' | 'invalid' | 'interrupted',
    reason?: string,
    usage?: TurnUsage,
  ): void | Promise<void>;
  /** The send failed before any output: nothing is recorded. */
  discard(): void | Promise<void>;
  /** Called as output arrives: a store sink checkpoints or reports a lost lease here. */
  progress?(): void;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The state of one send, shared by `Chat` and `AsyncChat`: the turns it has produced so
 * far (user input, function-call rounds), the request for the next round, the function
 * calls to run, and how the send is recorded when it ends (rules 4, 6 and 8).
 */
export class PendingTurn {
  /** This send's contents so far: user input, then model call / user response pairs. */
  private readonly contents: Content[];
  private readonly transportConfig: GenerateContentParameters['config'];
  private readonly runners: ReadonlyMap<string, CallRunner>;
  private readonly maximumRemoteCalls: number;
  private remoteCalls = 0;
  /** The usage of each function-call round so far (the last round's comes at the end). */
  private readonly roundUsage: (UsageMetadata | undefined)[] = [];
  private settled = false;
  /** The reply being streamed now, for checkpoints. */
  partial?: StreamAccumulator;

  constructor(
    private readonly history: ChatHistory,
    private readonly model: string,
    userContent: Content,
    config: GenerateContentConfig | undefined,
    /** The config's tools; `AsyncChat` resolves them itself, as that may need to wait. */
    resolved: ResolvedConfig = resolveTools(config),
    private readonly sink: TurnSink = {
      record: (contents, status, reason, usage) =>
        history.record(contents, status, reason, usage && { ...usage }),
      discard() {},
    },
  ) {
    this.contents = [userContent];
    this.transportConfig = resolved.transport;
    const afc = config?.automaticFunctionCalling;
    this.runners = afc?.disable ? new Map() : resolved.runners;
    this.maximumRemoteCalls = afc?.maximumRemoteCalls ?? DEFAULT_MAXIMUM_REMOTE_CALLS;
  }

  /** The request for the next round: curated history plus this send's contents. */
  request(): GenerateContentParameters {
    const params: GenerateContentParameters = {
      model: this.model,
      contents: this.history.curatedView().concat(this.contents),
    };
    if (this.transportConfig !== undefined) params.config = this.transportConfig;
    return params;
  }

  /**
   * The calls to run for this response, or undefined when the send is done: automatic
   * function calling is off, the reply is invalid, it has no function calls, one of them
   * has no handler (the caller gets the calls), or the round limit is reached.
   */
  plan(response: GenerateContentResponse): PlannedCall[] | undefined {
    if (this.runners.size === 0 || !isValidResponse(response)) return undefined;
    const calls = response.functionCalls;
    if (!calls || this.remoteCalls >= this.maximumRemoteCalls) return undefined;
    const planned: PlannedCall[] = [];
    for (const call of calls) {
      const run = this.runners.get(call.name);
      if (!run) return undefined;
      planned.push({ call, run });
    }
    return planned;
  }

  /** Output arrived: lets a store sink checkpoint, or fail the send if its lease is lost. */
  progress(): void {
    this.sink.progress?.();
  }

  /** Records a function-call round: the model's call turn, our response turn, its usage. */
  addRound(modelContent: Content, responseParts: Part[], usage: UsageMetadata | undefined): void {
    this.progress();
    this.remoteCalls += 1;
    this.roundUsage.push(usage);
    this.contents.push(copyData(modelContent), { role: 'user', parts: responseParts });
  }

  /** The turn so far, streamed output included: what a checkpoint saves. */
  snapshot(): Content[] {
    const partial = this.partial;
    return partial && partial.chunks > 0
      ? [...this.contents, partial.content()]
      : [...this.contents];
  }

  /** Whether anything beyond the user input exists (rule 6: output began). */
  get hasOutput(): boolean {
    return this.contents.length > 1;
  }

  /**
   * The send's usage given the last round's: with earlier rounds, their sum, and each round's
   * (`{}` for one that reported none). Undefined when no round reported any.
   */
  private usage(last: UsageMetadata | undefined): TurnUsage | undefined {
    if (this.roundUsage.length === 0) return last && { usage: copyData(last) };
    const rounds = [...this.roundUsage, last];
    const total = sumUsage(rounds);
    if (total === undefined) return undefined;
    return { usage: total, usageRounds: rounds.map((round) => copyData(round ?? {})) };
  }

  /**
   * Ends the send with its final response (rule 4) and returns it with the AFC history; after
   * function-call rounds its `usageMetadata` is the whole send's.
   */
  complete(
    response: GenerateContentResponse,
    valid = isValidResponse(response),
  ): void | Promise<void> {
    const content = response.candidates?.[0]?.content;
    const output: Content =
      content && Array.isArray(content.parts)
        ? { role: 'model', parts: copyData(content.parts) }
        : { role: 'model', parts: [] };
    if (this.contents.length > 1) {
      // Only this send's turns: the earlier history is available from getHistory().
      response.automaticFunctionCallingHistory = copyData(this.contents);
    }
    this.settled = true;
    const usage = this.usage(response.usageMetadata);
    if (this.roundUsage.length > 0 && usage?.usage) response.usageMetadata = copyData(usage.usage);
    return this.sink.record(
      [...this.contents, output],
      valid ? 'complete' : 'invalid',
      undefined,
      usage,
    );
  }

  /**
   * Ends a streamed send from its accumulator (rule 5). The chunks carry each round's usage
   * as the provider sent it; the turn record has the total.
   */
  completeStream(accumulator: StreamAccumulator): void | Promise<void> {
    this.settled = true;
    return this.sink.record(
      [...this.contents, accumulator.content()],
      accumulator.isValid() ? 'complete' : 'invalid',
      undefined,
      this.usage(accumulator.toResponse().usageMetadata),
    );
  }

  /**
   * Ends a send that failed, was aborted or abandoned (rule 6): nothing is recorded when no
   * output had begun; otherwise the partial turn goes to the comprehensive history only.
   */
  interrupt(reason: unknown, partial?: StreamAccumulator): void | Promise<void> {
    if (this.settled) return;
    this.settled = true;
    const began = this.hasOutput || (partial !== undefined && partial.chunks > 0);
    if (!began) return this.sink.discard();
    const output = partial ? partial.content() : { role: 'model' as const, parts: [] };
    // The rounds that finished were paid for: their usage stays on the interrupted turn.
    return this.sink.record(
      [...this.contents, output],
      'interrupted',
      reason === undefined ? 'abandoned' : describeError(reason),
      this.usage(partial?.toResponse().usageMetadata),
    );
  }
}

/** Thrown by the sync `Chat` when a tool handler returns a promise. */
export function asyncHandlerError(name: string): ConfigurationError {
  return new ConfigurationError({
    message: `The tool "${name}" returned a promise (an async handler, or an inputSchema that validates asynchronously), but Chat (the blocking session) runs tools synchronously. Make it synchronous, or use AsyncChat.`,
  });
}
