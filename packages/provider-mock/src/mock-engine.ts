import type { Content } from '@colloquy/chat-core';
import type { GenerateContentParameters, TransportConfig } from '@colloquy/chat-core/spec';
import { defaultTurn } from './default-turn';
import type { MockScript, MockTurn } from './mock-script';
import { checkTurns, type NormalizedScript, normalizeScript } from './normalize-script';
import { type MockPlan, planTurn } from './plan-turn';

/** One request the mock received: deep copies, `config.abortSignal` left out. */
export interface MockRequest {
  model: string;
  contents: Content[];
  config?: TransportConfig;
}

/** The test controls both the blocking and the async mock carry. */
export interface MockControls {
  /** Every request received so far, oldest first (calls rejected by a pre-aborted signal are not sent, so not logged). */
  readonly requests: MockRequest[];
  /** Scripted turns not yet consumed. */
  readonly remaining: number;
  /** Appends turns to the queue. */
  enqueue(...turns: MockTurn[]): void;
  /** Clears the request log and restores the queue to the script given at creation. */
  reset(): void;
}

/** The script queue and request log shared by the blocking and async mocks. */
export class MockEngine implements MockControls {
  readonly requests: MockRequest[] = [];
  readonly #script: NormalizedScript;
  #queue: MockTurn[];

  constructor(script?: MockScript) {
    this.#script = normalizeScript(script);
    this.#queue = structuredClone(this.#script.turns);
  }

  get remaining(): number {
    return this.#queue.length;
  }

  enqueue(...turns: MockTurn[]): void {
    this.#queue.push(...checkTurns(turns, this.#queue.length));
  }

  reset(): void {
    this.requests.length = 0;
    this.#queue = structuredClone(this.#script.turns);
  }

  /** Logs the request and plans its answer from the next scripted turn, or the default reply. */
  next(params: GenerateContentParameters, stream: boolean): MockPlan {
    this.requests.push(copyRequest(params));
    const turn = this.#queue.shift() ?? defaultTurn(params);
    return planTurn(turn, {
      params,
      stream,
      chunkDelayMs: this.#script.chunkDelayMs,
      model: this.#script.model ?? params.model,
    });
  }
}

function copyRequest({ model, contents, config }: GenerateContentParameters): MockRequest {
  const request: MockRequest = { model, contents: structuredClone(contents) as Content[] };
  if (config) {
    const { abortSignal: _signal, ...rest } = config;
    request.config = structuredClone(rest);
  }
  return request;
}
