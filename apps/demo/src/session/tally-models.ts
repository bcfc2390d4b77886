import type {
  AsyncModels,
  GenerateContentParameters,
  GenerateContentResponse,
  Models,
  UsageMetadata,
} from '@colloquy/chat-core';

type OnUsage = (usage: UsageMetadata | undefined) => void;

/**
 * Providers report usage differently in a stream (Gemini: cumulative in every chunk; OpenAI:
 * once at the end; Anthropic: input first, output last), so a call's usage is its chunks'
 * fields merged, the latest value of each winning.
 */
function merge(
  usage: UsageMetadata | undefined,
  next: UsageMetadata | undefined,
): UsageMetadata | undefined {
  if (!next) return usage;
  const merged: UsageMetadata = { ...usage };
  for (const [key, value] of Object.entries(next)) if (value !== undefined) merged[key] = value;
  return merged;
}

function tallyAsyncStream(
  stream: AsyncIterable<GenerateContentResponse>,
  onUsage: OnUsage,
): AsyncIterable<GenerateContentResponse> {
  return {
    [Symbol.asyncIterator]() {
      const inner = stream[Symbol.asyncIterator]();
      let usage: UsageMetadata | undefined;
      let reported = false;
      const report = () => {
        if (!reported) onUsage(usage);
        reported = true;
      };
      // A hand-written iterator, not a generator: `return()` must reach the inner stream
      // even before the first `next()`, or an abandoned HTTP body would stay open.
      return {
        async next() {
          try {
            const result = await inner.next();
            if (result.done) report();
            else usage = merge(usage, result.value.usageMetadata);
            return result;
          } catch (error) {
            report();
            throw error;
          }
        },
        async return(value?: unknown) {
          report();
          const result = await inner.return?.(value);
          return result ?? { done: true as const, value: undefined };
        },
      };
    },
  };
}

function tallySyncStream(
  stream: Iterable<GenerateContentResponse>,
  onUsage: OnUsage,
): Iterable<GenerateContentResponse> {
  return {
    [Symbol.iterator]() {
      const inner = stream[Symbol.iterator]();
      let usage: UsageMetadata | undefined;
      let reported = false;
      const report = () => {
        if (!reported) onUsage(usage);
        reported = true;
      };
      return {
        next() {
          try {
            const result = inner.next();
            if (result.done) report();
            else usage = merge(usage, result.value.usageMetadata);
            return result;
          } catch (error) {
            report();
            throw error;
          }
        },
        return(value?: unknown) {
          report();
          return inner.return?.(value) ?? { done: true as const, value: undefined };
        },
      };
    },
  };
}

/** The same models, reporting each provider call's usage (function calling makes several). */
export function tallyAsyncModels(models: AsyncModels, onUsage: OnUsage): AsyncModels {
  return {
    async generateContent(params: GenerateContentParameters) {
      const response = await models.generateContent(params);
      onUsage(response.usageMetadata);
      return response;
    },
    async generateContentStream(params: GenerateContentParameters) {
      return tallyAsyncStream(await models.generateContentStream(params), onUsage);
    },
  };
}

/** The blocking twin of `tallyAsyncModels`. */
export function tallyModels(models: Models, onUsage: OnUsage): Models {
  return {
    generateContent(params: GenerateContentParameters) {
      const response = models.generateContent(params);
      onUsage(response.usageMetadata);
      return response;
    },
    generateContentStream(params: GenerateContentParameters) {
      return tallySyncStream(models.generateContentStream(params), onUsage);
    },
  };
}
