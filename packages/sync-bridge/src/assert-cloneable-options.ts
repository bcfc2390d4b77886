import { ConfigurationError } from '@colloquy/chat-core';

/**
 * Options cross to the worker by structured clone. Functions can't, and a silently dropped
 * `fetch` would send real requests through the wrong client, so they fail here by name.
 */
export function assertCloneableOptions(options: unknown): void {
  const path = findFunction(options, 'options', new Set());
  if (path) {
    const fetchNote = path.endsWith('.fetch')
      ? ' Blocking Models cannot take an injected fetch: its requests are made in a worker thread.'
      : '';
    throw new ConfigurationError({
      message: `${path} is a function, but bridged options must be structured-cloneable data: they are copied to a worker thread.${fetchNote} Use the async models (createXAsyncModels with AsyncChat) to inject functions.`,
    });
  }
  try {
    structuredClone(options);
  } catch (cause) {
    throw new ConfigurationError({
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
