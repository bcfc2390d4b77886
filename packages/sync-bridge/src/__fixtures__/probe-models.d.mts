import type { AsyncModels } from '@colloquy/chat-core';

export declare const PROBE: { calls: 0; chunks: 1; aborted: 2; closed: 3 };
export declare function createProbeAsyncModels(options: {
  buffer: SharedArrayBuffer;
  chunks?: number;
  chunkDelayMs?: number;
  stallAfter?: number;
  hang?: boolean;
}): AsyncModels;
export declare const notAFunction: number;
export declare function createOtherVersionAsyncModels(options: { version?: string }): unknown;
