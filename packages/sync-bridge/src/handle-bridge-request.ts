import { type AsyncModels, ConfigurationError, TimeoutError } from '@colloquy/chat-core';
import { type GenerateContentParameters, serializeError } from '@colloquy/chat-core/spec';
import type { BridgeReply, BridgeRequest, StreamBatch } from './bridge-protocol';
import { loadAsyncModels } from './load-async-models';
import { withDeadline } from './with-deadline';
import { WorkerStream } from './worker-stream';

const instances = new Map<string, AsyncModels>();
const streams = new Map<string, WorkerStream>();

/**
 * Serves one request from the main thread, inside the worker. Never throws: every failure
 * is returned as serialised error data, so it crosses as the same chat-core class.
 */
export async function handleBridgeRequest(request: BridgeRequest): Promise<BridgeReply> {
  if (request.release) release(request.release.streams, request.release.instances);
  try {
    switch (request.op) {
      case 'create': {
        // Bounded too: a module whose top-level await never settles must not hang the caller.
        const outcome = await withDeadline(
          loadAsyncModels(request),
          Date.now() + request.timeoutMs,
        );
        if (outcome.timedOut) return timedOut(request.timeoutMs);
        instances.set(request.instance, outcome.value);
        return { ok: true };
      }
      case 'generate':
        return await generate(request.instance, request.params, request.timeoutMs);
      case 'stream':
        return await openStream(
          request.instance,
          request.stream,
          request.params,
          request.timeoutMs,
        );
      case 'next': {
        const stream = streams.get(request.stream);
        if (!stream) return { ok: true, batch: goneBatch() };
        const batch = await stream.take(Date.now() + request.timeoutMs, request.timeoutMs);
        if (batch.done) streams.delete(request.stream);
        return { ok: true, batch };
      }
      case 'cancel':
        release([request.stream], undefined);
        return { ok: true };
      case 'dispose':
        release(undefined, [request.instance]);
        return { ok: true };
    }
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

function modelsOf(instance: string): AsyncModels {
  const models = instances.get(instance);
  if (!models) {
    throw new ConfigurationError({
      message: 'These bridged Models were closed; create new ones with createBridgedModels.',
    });
  }
  return models;
}

/** The transport's own signal: it lets a timeout or a `break` cancel the provider's request. */
function withSignal(
  params: GenerateContentParameters,
  signal: AbortSignal,
): GenerateContentParameters {
  return { ...params, config: { ...params.config, abortSignal: signal } };
}

async function generate(
  instance: string,
  params: GenerateContentParameters,
  timeoutMs: number,
): Promise<BridgeReply> {
  const controller = new AbortController();
  const pending = modelsOf(instance).generateContent(withSignal(params, controller.signal));
  const outcome = await withDeadline(pending, Date.now() + timeoutMs);
  if (outcome.timedOut) {
    controller.abort();
    return timedOut(timeoutMs);
  }
  return { ok: true, response: outcome.value };
}

async function openStream(
  instance: string,
  id: string,
  params: GenerateContentParameters,
  timeoutMs: number,
): Promise<BridgeReply> {
  const deadline = Date.now() + timeoutMs;
  const controller = new AbortController();
  const pending = modelsOf(instance).generateContentStream(withSignal(params, controller.signal));
  const outcome = await withDeadline(pending, deadline);
  if (outcome.timedOut) {
    controller.abort();
    return timedOut(timeoutMs);
  }
  const stream = new WorkerStream(outcome.value, controller, instance);
  // Wait for the first chunks here too: opening and the first pull share one round trip.
  const batch = await stream.take(deadline, timeoutMs);
  if (!batch.done) streams.set(id, stream);
  return { ok: true, batch };
}

function release(streamIds: string[] | undefined, instanceIds: string[] | undefined): void {
  for (const id of streamIds ?? []) {
    streams.get(id)?.cancel();
    streams.delete(id);
  }
  for (const instance of instanceIds ?? []) {
    instances.delete(instance);
    for (const [id, stream] of streams) {
      if (stream.instance === instance) {
        stream.cancel();
        streams.delete(id);
      }
    }
  }
}

function goneBatch(): StreamBatch {
  const error = new ConfigurationError({
    message:
      'This bridged stream was cancelled, or its Models were closed, before it was read to the end.',
  });
  return { done: true, error: serializeError(error) };
}

function timedOut(timeoutMs: number): BridgeReply {
  return { ok: false, error: serializeError(new TimeoutError({ timeoutMs, phase: 'bridge' })) };
}
