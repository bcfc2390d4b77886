import type * as NodeModule from 'node:module';
import type * as NodeUrl from 'node:url';
import { ConfigurationError } from '@colloquy/chat-core';
import type * as Synckit from 'synckit';
import type { BridgeRelease, BridgeReply, BridgeRequest } from './bridge-protocol';

/** What the main thread needs from Node and synckit, loaded on first use. */
export interface BridgeRuntime {
  /** One blocking round trip to the shared worker. */
  send(request: BridgeRequest): BridgeReply;
  createRequire: typeof NodeModule.createRequire;
  pathToFileURL: typeof NodeUrl.pathToFileURL;
  cwd(): string;
  /** Dropped streams and instances, released with the next request. */
  pending: { streams: string[]; instances: string[] };
  takeRelease(): BridgeRelease | undefined;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  cwd(): string;
}

let runtime: BridgeRuntime | undefined;

/**
 * Loads Node's modules and synckit lazily, so importing this package is safe in browsers
 * and edge runtimes: only creating bridged Models needs worker threads.
 */
export function loadBridgeRuntime(): BridgeRuntime {
  if (runtime) return runtime;
  const process = (globalThis as { process?: NodeProcess }).process;
  const builtin = process?.getBuiltinModule;
  const moduleApi = builtin?.call(process, 'node:module') as typeof NodeModule | undefined;
  const urlApi = builtin?.call(process, 'node:url') as typeof NodeUrl | undefined;
  const workerThreads = builtin?.call(process, 'node:worker_threads') as
    | { Worker?: unknown }
    | undefined;
  if (!process || !moduleApi || !urlApi || typeof workerThreads?.Worker !== 'function') {
    throw new ConfigurationError({
      message:
        'Blocking Models need worker threads (Node.js 20.16+, or a runtime with process.getBuiltinModule and node:worker_threads). Here, use the async models (AsyncModels with AsyncChat) instead.',
    });
  }
  const require = moduleApi.createRequire(import.meta.url);
  const { createSyncFn } = require('synckit') as typeof Synckit;
  const send = createSyncFn(urlApi.fileURLToPath(workerUrl()), {}) as (
    request: BridgeRequest,
  ) => BridgeReply;
  const pending = { streams: [] as string[], instances: [] as string[] };
  runtime = {
    send,
    createRequire: moduleApi.createRequire,
    pathToFileURL: urlApi.pathToFileURL,
    cwd: () => process.cwd(),
    pending,
    takeRelease() {
      if (pending.streams.length === 0 && pending.instances.length === 0) return undefined;
      return { streams: pending.streams.splice(0), instances: pending.instances.splice(0) };
    },
  };
  return runtime;
}

/** The worker sits beside the built module; run from source (tests), it is the built one. */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(/\.[cm]?ts$/.test(here) ? '../dist/bridge-worker.js' : './bridge-worker.js', here);
}
