/** One step of writing a response body. */
export type BodyStep =
  | { write: string | Uint8Array }
  /** Nothing is written for this long. */
  | { pauseMs: number }
  /** The connection is destroyed here (msw: the body stream errors). */
  | { reset: true };

/**
 * What to send for one request, independent of the transport: the msw handlers and the
 * node:http server both carry out the same plan.
 */
export type ResponsePlan =
  | { kind: 'reset'; delayMs: number }
  | {
      kind: 'respond';
      /** Wait before the status line and headers. */
      delayMs: number;
      status: number;
      headers: Record<string, string>;
      body: BodyStep[];
    };
