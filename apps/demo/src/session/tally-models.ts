import type {
  AsyncModels,
  GenerateContentResponse,
  Models,
  UsageMetadata,
} from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';

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

/** One call's usage, merged over its chunks and reported once: at the end, on an error, or when left. */
class CallUsage {
  #usage: UsageMetadata | undefined;
  #reported = false;

  constructor(private readonly onUsage: OnUsage) {}

  /** Notes a chunk's usage, or reports at the end; returns the result as it came. */
  take<R extends IteratorResult<GenerateContentResponse>>(result: R): R {
    if (result.done) this.report();
    else this.#usage = merge(this.#usage, result.value.usageMetadata);
    return result;
  }

  report(): void {
    if (!this.#reported) this.onUsage(this.#usage);
    this.#reported = true;
  }
}

function tallyAsyncStream(
  stream: AsyncIterable<GenerateContentResponse>,
  onUsage: OnUsage,
): AsyncIterable<GenerateContentResponse> {
  return {
    [Symbol.asyncIterator]() {
      const inner = stream[Symbol.asyncIterator]();
      const tally = new CallUsage(onUsage);
      // A hand-written iterator, not a generator: `return()` must reach the inner stream
      // even before the first `next()`, or an abandoned HTTP body would stay open.
      return {
        async next() {
          try {
            return tally.take(await inner.next());
          } catch (error) {
            tally.report();
            throw error;
          }
        },
        async return(value?: unknown) {
          tally.report();
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
      const tally = new CallUsage(onUsage);
      return {
        next() {
          try {
            return tally.take(inner.next());
          } catch (error) {
            tally.report();
            throw error;
          }
        },
        return(value?: unknown) {
          tally.report();
          return inner.return?.(value) ?? { done: true as const, value: undefined };
        },
      };
    },
  };
}

/** The same models, reporting each provider call's usage (function calling makes several). */
export function tallyAsyncModels(models: AsyncModels, onUsage: OnUsage): AsyncModels {
  return {
    specificationVersion: models.specificationVersion,
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
    specificationVersion: models.specificationVersion,
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
