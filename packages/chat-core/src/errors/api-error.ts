import { ColloquyError } from './colloquy-error';

export interface ApiErrorOptions {
  /** What happened and what to do. Must never contain an API key. */
  message?: string;
  /** HTTP status code. */
  status: number;
  /** Provider name, e.g. `gemini`, `openai`, `anthropic`. */
  provider: string;
  /** The provider's request id (from its response headers), to quote to its support. */
  requestId?: string;
  /** The provider's own error message, with key-like material scrubbed. */
  providerMessage?: string;
  /** The provider's error type or code (`rate_limit_error`, `RESOURCE_EXHAUSTED`, ...). */
  providerCode?: string;
  cause?: unknown;
}

function defaultAdvice(status: number): string {
  if (status === 400) return 'Check the request: model name, config and history.';
  if (status === 408 || status === 409) return 'Retry the request.';
  if (status === 413) return 'Send less: shorten the history or the message.';
  if (status === 422) return 'Check the request parameters.';
  return 'See the provider message and request id.';
}

/** An HTTP error response from a provider. Subclasses name the common statuses. */
export class ApiError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.ApiError';
  readonly status: number;
  readonly provider: string;
  readonly requestId: string | undefined;
  readonly providerMessage: string | undefined;
  readonly providerCode: string | undefined;

  constructor(options: ApiErrorOptions, advice?: string) {
    const { status, provider, requestId, providerMessage, cause } = options;
    const said = providerMessage ? `: ${providerMessage}` : '';
    const id = requestId ? ` (request id ${requestId})` : '';
    super({
      message:
        options.message ??
        `${provider} returned HTTP ${status}${said}${id}. ${advice ?? defaultAdvice(status)}`,
      cause,
    });
    this.status = status;
    this.provider = provider;
    this.requestId = requestId;
    this.providerMessage = providerMessage;
    this.providerCode = options.providerCode;
  }

  /** Whether retrying the same request may succeed (408, 409, 429, 5xx). */
  get isRetryable(): boolean {
    const s = this.status;
    return s === 408 || s === 409 || s === 429 || s >= 500;
  }
}
