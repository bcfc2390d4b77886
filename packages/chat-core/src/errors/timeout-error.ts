import { ColloquyError } from './colloquy-error';

export type TimeoutPhase = 'request' | 'idle' | 'bridge';

/**
 * A deadline passed: `request` (no response headers within `timeout`), `idle` (a stream
 * sent nothing for `idleTimeout`), or `bridge` (a blocking call through the worker bridge).
 */
export class TimeoutError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.TimeoutError';
  readonly provider: string | undefined;
  readonly timeoutMs: number;
  readonly phase: TimeoutPhase;

  constructor(options: {
    provider?: string;
    timeoutMs: number;
    phase: TimeoutPhase;
    message?: string;
    cause?: unknown;
  }) {
    const { provider, timeoutMs, phase } = options;
    const who = provider ?? 'the model provider';
    const what =
      phase === 'idle'
        ? `${who} sent nothing for ${timeoutMs} ms mid-stream. Raise the idleTimeout option if replies pause that long.`
        : phase === 'bridge'
          ? `A blocking call to ${who} took longer than ${timeoutMs} ms. Raise the bridge timeout if calls legitimately take that long.`
          : `${who} did not answer within ${timeoutMs} ms. Raise the timeout option, or retry.`;
    super({ message: options.message ?? what, cause: options.cause });
    this.provider = provider;
    this.timeoutMs = timeoutMs;
    this.phase = phase;
  }
}
