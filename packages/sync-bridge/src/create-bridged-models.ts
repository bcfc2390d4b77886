import {
  AbortError,
  ConfigurationError,
  GenerateContentResponse,
  type Models,
} from '@colloquy/chat-core';
import {
  deserializeError,
  type GenerateContentParameters,
  SPECIFICATION_VERSION,
} from '@colloquy/chat-core/spec';
import { assertCloneableOptions } from './assert-cloneable-options';
import type { BridgeReply, BridgeRequest, StreamBatch } from './bridge-protocol';
import { BridgedStream } from './bridged-stream';
import { type BridgeRuntime, loadBridgeRuntime } from './load-bridge-runtime';
import { resolveModuleUrl } from './resolve-module-url';

export interface BridgedModelsOptions {
  /** The provider's name, given to the errors raised here (e.g. `'gemini'`). */
  provider?: string;
  /** The adapter module: a package name or relative path (resolved from `parentUrl`), an absolute path, or a `file:` URL. */
  module: string;
  /** The module's export that builds the AsyncModels: called as `module[exportName](options)`. */
  exportName: string;
  /** Passed to the export. Must be structured-cloneable: no functions (no injected `fetch`). */
  options?: unknown;
  /** Where `module` is resolved from; pass `import.meta.url`. Default: the working directory. */
  parentUrl?: string | URL;
  /** Bound on each blocking call or wait for stream chunks, in ms. Default 600 000 (10 minutes). */
  timeout?: number;
}

/** Blocking Models backed by AsyncModels in a worker thread. */
export interface BridgedModels extends Models {
  /** Releases the worker-side models and cancels their open streams. Idempotent. */
  close(): void;
}

const DEFAULT_TIMEOUT = 600_000;

// Ids are made here, not by the worker, so no call waits for one. The prefix keeps them
// apart when both the ESM and CJS builds of this package share the one worker.
const idPrefix = Math.random().toString(36).slice(2, 8);
let lastId = 0;
const nextId = (): string => `${idPrefix}:${++lastId}`;

// Dropped without close() or an exhausted stream: release worker-side state later, for free.
const dropped = new FinalizationRegistry<{ kind: 'streams' | 'instances'; id: string }>(
  ({ kind, id }) => {
    loadBridgeRuntime().pending[kind].push(id);
  },
);

/**
 * Runs the AsyncModels that `module[exportName](options)` builds in a shared worker thread,
 * and exposes it as blocking `Models` (for `Chat`). Responses arrive as
 * `GenerateContentResponse`, errors as the same chat-core classes with their fields.
 * `config.abortSignal` cannot cross threads: it is checked before each call and between
 * stream batches, and never sent.
 */
export function createBridgedModels(options: BridgedModelsOptions): BridgedModels {
  const { module, exportName, parentUrl, timeout = DEFAULT_TIMEOUT } = options;
  if (
    typeof module !== 'string' ||
    module === '' ||
    typeof exportName !== 'string' ||
    exportName === ''
  ) {
    throw new ConfigurationError({
      message:
        'createBridgedModels needs module and exportName strings, e.g. { module: "@colloquy/provider-gemini", exportName: "createGeminiAsyncModels" }.',
    });
  }
  if (!(typeof timeout === 'number' && timeout > 0 && timeout <= 2_147_483_647)) {
    throw new ConfigurationError({
      message: `The bridge timeout must be a number of milliseconds between 1 and 2147483647; got ${String(timeout)}.`,
    });
  }
  assertCloneableOptions(options.options, { provider: options.provider, exportName });
  const runtime = loadBridgeRuntime();
  const moduleUrl = resolveModuleUrl(module, parentUrl, runtime);
  const instance = nextId();
  call(runtime, {
    op: 'create',
    instance,
    module,
    moduleUrl,
    exportName,
    options: options.options,
    timeoutMs: timeout,
  });

  let closed = false;
  const ensureOpen = (): void => {
    if (closed) {
      throw new ConfigurationError({
        message: 'These bridged Models were closed; create new ones with createBridgedModels.',
      });
    }
  };

  const models: BridgedModels = {
    specificationVersion: SPECIFICATION_VERSION,
    ...(options.provider !== undefined && { provider: options.provider }),

    generateContent(params: GenerateContentParameters): GenerateContentResponse {
      ensureOpen();
      const reply = call(runtime, {
        op: 'generate',
        instance,
        params: sendable(params),
        timeoutMs: timeout,
      });
      return GenerateContentResponse.from(reply.response ?? {});
    },

    generateContentStream(params: GenerateContentParameters): Iterable<GenerateContentResponse> {
      ensureOpen();
      const stream = nextId();
      const reply = call(runtime, {
        op: 'stream',
        instance,
        stream,
        params: sendable(params),
        timeoutMs: timeout,
      });
      const token = {};
      const iterator = new BridgedStream(
        reply.batch ?? emptyEnd,
        {
          next: () => call(runtime, { op: 'next', stream, timeoutMs: timeout }).batch ?? emptyEnd,
          cancel: () => {
            call(runtime, { op: 'cancel', stream });
          },
          finished: () => dropped.unregister(token),
        },
        params.config?.abortSignal,
      );
      // A stream that already ended holds nothing in the worker; only an open one needs watching.
      if (reply.batch?.done === false)
        dropped.register(iterator, { kind: 'streams', id: stream }, token);
      return iterator;
    },

    close(): void {
      if (closed) return;
      closed = true;
      dropped.unregister(models);
      call(runtime, { op: 'dispose', instance });
    },
  };
  dropped.register(models, { kind: 'instances', id: instance }, models);
  return models;
}

const emptyEnd: StreamBatch = { done: true };

/** One round trip; a failure comes back as data and is rethrown as its chat-core class. */
function call(runtime: BridgeRuntime, request: BridgeRequest): Extract<BridgeReply, { ok: true }> {
  const release = runtime.takeRelease();
  let reply: BridgeReply;
  try {
    reply = runtime.send(release ? { ...request, release } : request);
  } catch (error) {
    if (error instanceof Error && error.name === 'DataCloneError') {
      throw new ConfigurationError({
        message: `A bridged call's parameters must be structured-cloneable data (they are copied to a worker thread): ${error.message}`,
        cause: error,
      });
    }
    throw error;
  }
  if (!reply.ok) throw deserializeError(reply.error);
  return reply;
}

/** Params without `abortSignal` (it cannot cross threads); a pre-aborted call fails here. */
function sendable(params: GenerateContentParameters): GenerateContentParameters {
  const config = params.config;
  if (!config || !('abortSignal' in config)) return params;
  const { abortSignal, ...rest } = config;
  if (abortSignal?.aborted) throw new AbortError({ cause: abortSignal.reason });
  return { ...params, config: rest };
}
