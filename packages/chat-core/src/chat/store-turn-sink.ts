import type { ChatHistory } from '../history/chat-history';
import type { ResolvedConfig } from '../tools/resolve-tools';
import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import { PendingTurn, type TurnSink } from './pending-turn';
import {
  checkpoint,
  commit,
  release,
  runAsync,
  runSync,
  type SessionLink,
  type TurnOrigin,
  turnInput,
} from './session-link';

/**
 * Where an `AsyncChat` send with a store ends up. While the send runs it checkpoints the
 * turn so far every `store.checkpointMs`, on a timer: not per chunk, and also before any
 * output arrives (a slow reply, a long tool call), as each checkpoint renews the lease. A
 * checkpoint the store refuses (the lease was lost) fails the send at its next chunk; one
 * that cannot reach the store is left to the next tick, and the commit decides.
 */
export function asyncStoreSink(
  link: SessionLink,
  turnId: string,
  origin: TurnOrigin,
  history: ChatHistory,
  snapshot: () => Content[],
): TurnSink {
  let lost: unknown;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<unknown> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      inflight = runAsync(checkpoint(link, turnId, snapshot())).then((error) => {
        lost = error;
        if (!stopped && !lost) schedule();
      });
    }, link.store.checkpointMs);
    // A pending send should not keep a Node process alive on its own.
    (timer as { unref?: () => void }).unref?.();
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    return inflight;
  };
  schedule();
  return {
    progress() {
      if (lost) throw lost;
    },
    async record(contents, status, reason, usage) {
      await stop();
      await runAsync(
        commit(link, history, turnInput(turnId, origin, contents, status, reason, usage)),
      );
    },
    async discard() {
      await stop();
      await runAsync(release(link, turnId));
    },
  };
}

/**
 * The blocking `Chat`'s twin: it cannot run a timer while the caller holds the thread, so
 * it checkpoints as output arrives (chunks, function-call rounds), at most every
 * `store.checkpointMs`. A blocking reply longer than the lease loses the turn.
 */
export function syncStoreSink(
  link: SessionLink,
  turnId: string,
  origin: TurnOrigin,
  history: ChatHistory,
  snapshot: () => Content[],
): TurnSink {
  let last = Date.now();
  return {
    progress() {
      if (Date.now() - last < link.store.checkpointMs) return;
      last = Date.now();
      const lost = runSync(checkpoint(link, turnId, snapshot()));
      if (lost) throw lost;
    },
    record(contents, status, reason, usage) {
      runSync(commit(link, history, turnInput(turnId, origin, contents, status, reason, usage)));
    },
    discard() {
      runSync(release(link, turnId));
    },
  };
}

/**
 * The pending turn of a send whose turn has begun in the store: `Chat` and `AsyncChat`
 * differ only in the sink (`syncStoreSink` or `asyncStoreSink`).
 */
export function storedPendingTurn(
  sink: typeof asyncStoreSink | typeof syncStoreSink,
  link: SessionLink,
  turnId: string,
  origin: TurnOrigin,
  history: ChatHistory,
  content: Content,
  config: GenerateContentConfig | undefined,
  tools: ResolvedConfig,
): PendingTurn {
  const turn: PendingTurn = new PendingTurn(
    history,
    origin.model,
    content,
    config,
    tools,
    sink(link, turnId, origin, history, () => turn.snapshot()),
  );
  return turn;
}
