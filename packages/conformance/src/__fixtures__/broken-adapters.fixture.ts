// Run by suite-catches-broken-adapters.test.ts in a separate vitest process: adapters with
// one deliberate fault each, over the mock, to show the suite's cases fail when they should.
import {
  ApiError,
  type AsyncModels,
  GenerateContentResponse,
  type Models,
} from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';
import { createMockHarness } from '../__harness__/mock-harness';
import type { ConformanceSettings } from '../conformance-options';
import { describeAdapterConformance } from '../describe-adapter-conformance';

type Fault = (models: AsyncModels) => AsyncModels;
type BlockingFault = (models: Models) => Models;

/** Copies a response with its first candidate's parts changed. */
function withParts(
  response: GenerateContentResponse,
  change: (parts: NonNullable<GenerateContentResponse['candidates']>[number]['content']) => void,
): GenerateContentResponse {
  const copy = new GenerateContentResponse(structuredClone({ ...response }));
  change(copy.candidates?.[0]?.content);
  return copy;
}

function mapStream(
  models: AsyncModels,
  map: (chunk: GenerateContentResponse) => GenerateContentResponse,
): AsyncModels['generateContentStream'] {
  return async (params) => {
    const stream = await models.generateContentStream(params);
    return (async function* () {
      for await (const chunk of stream) yield map(chunk);
    })();
  };
}

export const faults: Record<string, Fault> = {
  'forgets history': (models) => {
    const last = (params: GenerateContentParameters) => ({
      ...params,
      contents: params.contents.slice(-1),
    });
    return {
      specificationVersion: models.specificationVersion,
      generateContent: (params) => models.generateContent(last(params)),
      generateContentStream: (params) => models.generateContentStream(last(params)),
    };
  },
  'buffers streams': (models) => ({
    specificationVersion: models.specificationVersion,
    generateContent: (params) => models.generateContent(params),
    generateContentStream: async (params) => {
      const stream = await models.generateContentStream(params);
      const chunks: GenerateContentResponse[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const text = chunks.map((chunk) => chunk.text ?? '').join('');
      const last = chunks.at(-1) ?? new GenerateContentResponse();
      const merged = withParts(last, (content) => {
        if (content && text !== '') content.parts = [{ text }];
      });
      return (async function* () {
        yield merged;
      })();
    },
  }),
  'loses function-call ids': (models) => {
    const strip = (response: GenerateContentResponse) =>
      withParts(response, (content) => {
        for (const part of content?.parts ?? []) delete part.functionCall?.id;
      });
    return {
      specificationVersion: models.specificationVersion,
      generateContent: async (params) => strip(await models.generateContent(params)),
      generateContentStream: mapStream(models, strip),
    };
  },
  'maps every HTTP error to ApiError': (models) => {
    const flatten = (error: unknown): never => {
      if (ApiError.isInstance(error)) {
        throw new ApiError({ status: error.status, provider: error.provider });
      }
      throw error;
    };
    return {
      specificationVersion: models.specificationVersion,
      generateContent: (params) => models.generateContent(params).catch(flatten),
      generateContentStream: (params) => models.generateContentStream(params).catch(flatten),
    };
  },
  'ignores the abort signal': (models) => {
    const unsignalled = (params: GenerateContentParameters) => {
      const { abortSignal: _ignored, ...config } = params.config ?? {};
      return { ...params, config };
    };
    return {
      specificationVersion: models.specificationVersion,
      generateContent: (params) => models.generateContent(unsignalled(params)),
      generateContentStream: (params) => models.generateContentStream(unsignalled(params)),
    };
  },
  'turns an empty reply into empty text': (models) => {
    const fill = (response: GenerateContentResponse) =>
      withParts(response, (content) => {
        if (content && content.parts.length === 0) content.parts = [{ text: '' }];
      });
    return {
      specificationVersion: models.specificationVersion,
      generateContent: async (params) => fill(await models.generateContent(params)),
      generateContentStream: mapStream(models, fill),
    };
  },
  'ends a failing stream quietly': (models) => ({
    specificationVersion: models.specificationVersion,
    generateContent: (params) => models.generateContent(params),
    generateContentStream: async (params) => {
      const stream = await models.generateContentStream(params);
      return (async function* () {
        try {
          for await (const chunk of stream) yield chunk;
        } catch {
          // The fault: the error is swallowed and the stream looks complete.
        }
      })();
    },
  }),
};

/** Faults of the blocking models only: the async ones are right. */
export const blockingFaults: Record<string, BlockingFault> = {
  'blocking models throw plain errors': (models) => {
    const plain = (error: unknown): never => {
      throw new Error(error instanceof Error ? error.message : String(error));
    };
    return {
      specificationVersion: models.specificationVersion,
      generateContent(params) {
        try {
          return models.generateContent(params);
        } catch (error) {
          return plain(error);
        }
      },
      *generateContentStream(params) {
        try {
          yield* models.generateContentStream(params);
        } catch (error) {
          plain(error);
        }
      },
    };
  },
  'blocking models drop the finish reason': (models) => {
    const unfinished = (response: GenerateContentResponse) => {
      const copy = new GenerateContentResponse(structuredClone({ ...response }));
      for (const candidate of copy.candidates ?? []) delete candidate.finishReason;
      return copy;
    };
    return {
      specificationVersion: models.specificationVersion,
      generateContent: (params) => unfinished(models.generateContent(params)),
      *generateContentStream(params) {
        for (const chunk of models.generateContentStream(params)) yield unfinished(chunk);
      },
    };
  },
};

for (const [name, fault] of Object.entries(faults)) {
  const harness = createMockHarness();
  describeAdapterConformance({
    name,
    provider: 'mock',
    model: 'mock-model',
    createAsyncModels: (settings: ConformanceSettings) =>
      fault(harness.createAsyncModels(settings)),
    createModels: (settings: ConformanceSettings) => harness.createModels(settings),
    harness,
  });
}

for (const [name, fault] of Object.entries(blockingFaults)) {
  const harness = createMockHarness();
  describeAdapterConformance({
    name,
    provider: 'mock',
    model: 'mock-model',
    createAsyncModels: (settings: ConformanceSettings) => harness.createAsyncModels(settings),
    createModels: (settings: ConformanceSettings) => fault(harness.createModels(settings)),
    harness,
  });
}
