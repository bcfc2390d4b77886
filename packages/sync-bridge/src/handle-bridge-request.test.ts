import { ConfigurationError } from '@colloquy/chat-core';
import { deserializeError } from '@colloquy/chat-core/spec';
import { describe, expect, it } from 'vitest';
import { PROBE } from './__fixtures__/probe-models.mjs';
import type { BridgeReply } from './bridge-protocol';
import { handleBridgeRequest } from './handle-bridge-request';

// The worker's request handler, run in this thread: what each request does to worker state.
const moduleUrl = new URL('./__fixtures__/probe-models.mjs', import.meta.url).href;
const params = { model: 'm', contents: [{ role: 'user' as const, parts: [{ text: 'hi' }] }] };

async function createProbe(instance: string, options: Record<string, unknown> = {}) {
  const buffer = new SharedArrayBuffer(16);
  const reply = await handleBridgeRequest({
    op: 'create',
    instance,
    module: 'probe',
    moduleUrl,
    exportName: 'createProbeAsyncModels',
    options: { buffer, chunkDelayMs: 1, ...options },
    timeoutMs: 10_000,
  });
  expect(reply).toEqual({ ok: true });
  return new Int32Array(buffer);
}

function errorOf(reply: BridgeReply): Error {
  if (reply.ok) throw new Error('expected a failed reply');
  return deserializeError(reply.error);
}

describe('handleBridgeRequest', () => {
  it('opens a stream with its first chunks and serves the rest batch by batch', async () => {
    await createProbe('a', { chunks: 3 });
    const opened = await handleBridgeRequest({
      op: 'stream',
      instance: 'a',
      stream: 's1',
      params,
      timeoutMs: 10_000,
    });
    const texts: string[] = [];
    let batch = opened.ok ? opened.batch : undefined;
    while (batch) {
      texts.push(
        ...(batch.chunks ?? []).map((c) => c.candidates?.[0]?.content?.parts[0]?.text ?? ''),
      );
      if (batch.done) break;
      const next = await handleBridgeRequest({ op: 'next', stream: 's1', timeoutMs: 10_000 });
      batch = next.ok ? next.batch : undefined;
    }
    expect(texts).toEqual(['c0 ', 'c1 ', 'c2 ']);
    // A finished stream is forgotten.
    const after = await handleBridgeRequest({ op: 'next', stream: 's1', timeoutMs: 10_000 });
    expect(after.ok && after.batch?.error && deserializeError(after.batch.error)).toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('releases dropped streams and instances sent along with any request', async () => {
    const probe = await createProbe('b');
    await handleBridgeRequest({
      op: 'stream',
      instance: 'b',
      stream: 's2',
      params,
      timeoutMs: 10_000,
    });
    await handleBridgeRequest({
      op: 'next',
      stream: 'unknown',
      timeoutMs: 1,
      release: { streams: ['s2'] },
    });
    expect(probe[PROBE.aborted]).toBe(1);

    await handleBridgeRequest({ op: 'cancel', stream: 'none', release: { instances: ['b'] } });
    const closed = await handleBridgeRequest({
      op: 'generate',
      instance: 'b',
      params,
      timeoutMs: 10_000,
    });
    expect(errorOf(closed)).toBeInstanceOf(ConfigurationError);
    expect(errorOf(closed).message).toMatch(/closed/);
  });

  it('reports a module that cannot be loaded as a ConfigurationError naming it', async () => {
    const reply = await handleBridgeRequest({
      op: 'create',
      instance: 'c',
      module: 'ghost',
      moduleUrl: new URL('./__fixtures__/ghost.mjs', import.meta.url).href,
      exportName: 'x',
      options: undefined,
      timeoutMs: 10_000,
    });
    expect(errorOf(reply)).toBeInstanceOf(ConfigurationError);
    expect(errorOf(reply).message).toMatch(/could not load "ghost"/);
  });

  it('refuses an export that does not build AsyncModels', async () => {
    const reply = await handleBridgeRequest({
      op: 'create',
      instance: 'd',
      module: 'chat-core/spec',
      moduleUrl: import.meta.resolve('@colloquy/chat-core/spec'),
      exportName: 'serializeError',
      options: undefined,
      timeoutMs: 10_000,
    });
    expect(errorOf(reply).message).toMatch(/did not return AsyncModels/);
  });
});
