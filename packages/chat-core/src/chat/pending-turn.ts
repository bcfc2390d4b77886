import { ConfigurationError } from '../errors/configuration-error';
import type { ChatHistory } from '../history/chat-history';
import { copyData } from '../history/copy-data';
import { isValidResponse } from '../history/is-valid-content';
import { resolveTools } from '../tools/resolve-tools';
import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { GenerateContentResponse } from '../types/generate-content-response';
import type { GenerateContentParameters } from '../types/models';
import type { FunctionCall, FunctionResponse, Part } from '../types/part';
import type { CallableTool } from '../types/tool';
import type { StreamAccumulator } from './stream-accumulator';

const DEFAULT_MAXIMUM_REMOTE_CALLS = 10;

/** One function call the chat will run, with its handler. */
export interface PlannedCall {
  call: FunctionCall;
  handler: CallableTool['handler'];
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Wraps a handler's return value as a function response (objects as is, else `{result}`). */
export function toFunctionResponse(call: FunctionCall, value: unknown): Part {
  const response =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { result: value === undefined ? null : value };
  const functionResponse: FunctionResponse = { name: call.name, response };
  if (call.id !== undefined) functionResponse.id = call.id;
  return { functionResponse };
}

/** A handler that threw: the error goes back to the model as the function response. */
export function toFunctionErrorResponse(call: FunctionCall, error: unknown): Part {
  return toFunctionResponse(call, {
    error: error instanceof Error ? error.message : String(error),
  });
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
  private readonly handlers: ReadonlyMap<string, CallableTool['handler']>;
  private readonly maximumRemoteCalls: number;
  private remoteCalls = 0;
  private settled = false;

  constructor(
    private readonly history: ChatHistory,
    private readonly model: string,
    userContent: Content,
    config: GenerateContentConfig | undefined,
  ) {
    this.contents = [userContent];
    const resolved = resolveTools(config);
    this.transportConfig = resolved.transport;
    const afc = config?.automaticFunctionCalling;
    this.handlers = afc?.disable ? new Map() : resolved.handlers;
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
    if (this.handlers.size === 0 || !isValidResponse(response)) return undefined;
    const calls = response.functionCalls;
    if (!calls || this.remoteCalls >= this.maximumRemoteCalls) return undefined;
    const planned: PlannedCall[] = [];
    for (const call of calls) {
      const handler = this.handlers.get(call.name);
      if (!handler) return undefined;
      planned.push({ call, handler });
    }
    return planned;
  }

  /** Records a function-call round: the model's call turn and our response turn. */
  addRound(modelContent: Content, responseParts: Part[]): void {
    this.remoteCalls += 1;
    this.contents.push(copyData(modelContent), { role: 'user', parts: responseParts });
  }

  /** Whether anything beyond the user input exists (rule 6: output began). */
  get hasOutput(): boolean {
    return this.contents.length > 1;
  }

  /** Ends the send with its final response (rule 4) and returns it with the AFC history. */
  complete(response: GenerateContentResponse, valid = isValidResponse(response)): void {
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
    this.history.record([...this.contents, output], valid ? 'complete' : 'invalid');
  }

  /** Ends a streamed send from its accumulator (rule 5). */
  completeStream(accumulator: StreamAccumulator): GenerateContentResponse {
    const response = accumulator.toResponse();
    this.settled = true;
    this.history.record(
      [...this.contents, accumulator.content()],
      accumulator.isValid() ? 'complete' : 'invalid',
    );
    return response;
  }

  /**
   * Ends a send that failed, was aborted or abandoned (rule 6): nothing is recorded when no
   * output had begun; otherwise the partial turn goes to the comprehensive history only.
   */
  interrupt(reason: unknown, partial?: StreamAccumulator): void {
    if (this.settled) return;
    this.settled = true;
    const began = this.hasOutput || (partial !== undefined && partial.chunks > 0);
    if (!began) return;
    const output = partial ? partial.content() : { role: 'model' as const, parts: [] };
    this.history.record(
      [...this.contents, output],
      'interrupted',
      reason === undefined ? 'abandoned' : describeError(reason),
    );
  }
}

/** Thrown by the sync `Chat` when a tool handler returns a promise. */
export function asyncHandlerError(name: string): ConfigurationError {
  return new ConfigurationError({
    message: `The tool "${name}" returned a promise, but Chat (the blocking session) runs handlers synchronously. Make the handler synchronous, or use AsyncChat.`,
  });
}
