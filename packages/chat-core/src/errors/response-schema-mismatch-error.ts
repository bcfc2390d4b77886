import { InvalidResponseError } from './invalid-response-error';

/** One way a reply failed its schema: where (a dotted path, empty for the whole value) and why. */
export interface ResponseSchemaIssue {
  path: string;
  message: string;
}

/**
 * A reply asked for as JSON is not JSON, or its JSON does not match the schema it was read
 * with (`parseJsonReply`). The turn is in the history as it came; ask again, or loosen the schema.
 */
export class ResponseSchemaMismatchError extends InvalidResponseError {
  static override readonly marker: string = 'colloquy.error.ResponseSchemaMismatchError';
  /** What the schema found wrong; empty when the reply is not JSON at all. */
  readonly issues: ResponseSchemaIssue[];

  constructor(options: {
    issues?: ResponseSchemaIssue[];
    message?: string;
    excerpt?: string;
    cause?: unknown;
  }) {
    const issues = options.issues ?? [];
    super({
      message:
        options.message ??
        `The reply does not match its schema: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}. Ask again, or check that the schema sent as responseJsonSchema is the one the reply is read with.`,
      excerpt: options.excerpt,
      cause: options.cause,
    });
    this.issues = issues;
  }
}
