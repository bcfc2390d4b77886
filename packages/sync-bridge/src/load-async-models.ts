import { type AsyncModels, ConfigurationError } from '@colloquy/chat-core';
import { SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';

export interface AsyncModelsSource {
  /** As the caller wrote it, for messages. */
  module: string;
  moduleUrl: string;
  exportName: string;
  options: unknown;
}

/** Imports the adapter module and builds its AsyncModels: `module[exportName](options)`. */
export async function loadAsyncModels(source: AsyncModelsSource): Promise<AsyncModels> {
  const { module, moduleUrl, exportName, options } = source;
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(moduleUrl)) as Record<string, unknown>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigurationError({
      message: `The sync bridge could not load "${module}" (${moduleUrl}) in its worker: ${reason}`,
      cause,
    });
  }
  // A CommonJS module's exports may only be reachable through `default`.
  const fallback = namespace.default as Record<string, unknown> | undefined;
  const factory =
    namespace[exportName] ?? (typeof fallback === 'object' ? fallback?.[exportName] : undefined);
  if (typeof factory !== 'function') {
    const names = Object.keys(namespace).filter((name) => typeof namespace[name] === 'function');
    throw new ConfigurationError({
      message: `"${module}" has no exported function "${exportName}" for the sync bridge to call. Its exported functions: ${names.join(', ') || 'none'}.`,
    });
  }
  const models = (await factory(options)) as Partial<AsyncModels> | null;
  if (
    typeof models?.generateContent !== 'function' ||
    typeof models.generateContentStream !== 'function'
  ) {
    throw new ConfigurationError({
      message: `"${module}".${exportName}(options) did not return AsyncModels (an object with generateContent and generateContentStream).`,
    });
  }
  // The bridged Models speak this package's seam version, so the models behind them must too.
  if (models.specificationVersion !== SPECIFICATION_VERSION) {
    const found =
      models.specificationVersion === undefined
        ? 'carry no specificationVersion'
        : `speak specification ${JSON.stringify(models.specificationVersion)}`;
    throw new ConfigurationError({
      message: `The AsyncModels from "${module}".${exportName}(options) ${found}, but @colloquy/sync-bridge speaks "${SPECIFICATION_VERSION}". Install versions that match: upgrade the adapter package if it is the older one, or @colloquy/sync-bridge and @colloquy/chat-core if they are.`,
    });
  }
  return models as AsyncModels;
}
