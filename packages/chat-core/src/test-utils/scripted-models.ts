// Test-only transport for chat-core's own tests (chat-core cannot depend on provider-mock,
// which depends on it). Both seams read one script, so Chat and AsyncChat run the same cases.
import {
  GenerateContentResponse,
  type GenerateContentResponseInit,
} from '../types/generate-content-response';
import type { AsyncModels, GenerateContentParameters, Models } from '../types/models';
import { SPECIFICATION_VERSION } from '../types/specification-version';

export type ScriptStep =
  | { response: GenerateContentResponseInit }
  | { chunks: GenerateContentResponseInit[]; failAfter?: number; error?: Error }
  | { error: Error };

export function textReply(text: string, finishReason = 'STOP'): GenerateContentResponseInit {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason, index: 0 }],
  };
}

export function chunksOf(...texts: string[]): GenerateContentResponseInit[] {
  const chunks: GenerateContentResponseInit[] = texts.map((text) => ({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
  }));
  chunks.push({
    candidates: [{ finishReason: 'STOP', index: 0 }],
    usageMetadata: { totalTokenCount: 3 },
  });
  return chunks;
}

export interface ScriptedModels {
  sync: Models;
  async: AsyncModels;
  /** The contents of every request, as the transport saw them (copied at call time). */
  requests: GenerateContentParameters[];
  push(...steps: ScriptStep[]): void;
}

function asChunks(step: ScriptStep): {
  chunks: GenerateContentResponseInit[];
  failAfter?: number;
  error?: Error;
} {
  if ('chunks' in step) return step;
  if ('response' in step) return { chunks: [step.response] };
  return { chunks: [], failAfter: 0, error: step.error };
}

export function scriptedModels(...initial: ScriptStep[]): ScriptedModels {
  const steps = [...initial];
  const requests: GenerateContentParameters[] = [];
  const take = (params: GenerateContentParameters): ScriptStep => {
    const { abortSignal: _signal, ...config } = params.config ?? {};
    requests.push(structuredClone({ ...params, contents: [...params.contents], config }));
    const step = steps.shift();
    if (!step) throw new Error('scripted models: script exhausted');
    return step;
  };
  const single = (step: ScriptStep): GenerateContentResponse => {
    if ('error' in step && !('chunks' in step)) throw step.error;
    if ('response' in step) return new GenerateContentResponse(structuredClone(step.response));
    throw new Error('scripted models: a stream step was given to generateContent');
  };
  function* syncStream(step: ScriptStep): Generator<GenerateContentResponse> {
    const { chunks, failAfter, error } = asChunks(step);
    for (let i = 0; i < chunks.length; i += 1) {
      if (failAfter !== undefined && i >= failAfter) throw error ?? new Error('stream failed');
      yield new GenerateContentResponse(structuredClone(chunks[i] as GenerateContentResponseInit));
    }
    if (failAfter !== undefined && failAfter >= chunks.length)
      throw error ?? new Error('stream failed');
  }
  async function* asyncStream(step: ScriptStep): AsyncGenerator<GenerateContentResponse> {
    for (const chunk of syncStream(step)) {
      await Promise.resolve();
      yield chunk;
    }
  }
  return {
    requests,
    push: (...more) => {
      steps.push(...more);
    },
    sync: {
      specificationVersion: SPECIFICATION_VERSION,
      generateContent: (params) => single(take(params)),
      generateContentStream: (params) => {
        const step = take(params);
        if ('error' in step && !('chunks' in step)) throw step.error;
        return syncStream(step);
      },
    },
    async: {
      specificationVersion: SPECIFICATION_VERSION,
      generateContent: async (params) => single(take(params)),
      generateContentStream: async (params) => {
        const step = take(params);
        if ('error' in step && !('chunks' in step)) throw step.error;
        return asyncStream(step);
      },
    },
  };
}
