import { ConfigurationError } from '@colloquy/chat-core';

/** Who the options are for, so that a refusal names the provider and what to use instead. */
export interface CloneableOptionsContext {
  provider?: string;
  /** The async export the worker calls, e.g. `createGeminiAsyncModels`. */
  exportName?: string;
}

/**
 * Options cross to the worker by structured clone. Functions can't, and a silently dropped
 * `fetch` would send real requests through the wrong client, so they fail here by name.
 */
export function assertCloneableOptions(
  options: unknown,
  context: CloneableOptionsContext = {},
): void {
  const { provider, exportName } = context;
  const path = findFunction(options, 'options', new Set());
  if (path) {
    const fetchNote = path.endsWith('.fetch')
      ? ' Blocking Models cannot take an injected fetch: its requests are made in a worker thread.'
      : '';
    const asyncModels = exportName
      ? `${exportName} with AsyncChat`
      : 'createXAsyncModels with AsyncChat';
    throw new ConfigurationError({
      provider,
      message: `${path} is a function, but bridged options must be structured-cloneable data: they are copied to a worker thread.${fetchNote} Use the async models (${asyncModels}) to inject functions.`,
    });
  }
  try {
    structuredClone(options);
  } catch (cause) {
    throw new ConfigurationError({
      provider,
      message: `Bridged options must be structured-cloneable data (they are copied to a worker thread): ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    });
  }
}

function findFunction(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (typeof value === 'function') return path;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const found = findFunction(
      item,
      Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`,
      seen,
    );
    if (found) return found;
  }
  return undefined;
}
