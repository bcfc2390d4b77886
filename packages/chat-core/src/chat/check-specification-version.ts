import { ConfigurationError } from '../errors/configuration-error';
import { SPECIFICATION_VERSION } from '../types/specification-version';

/**
 * Refuses a models object that does not speak this chat-core's seam version, at the
 * `Chats` / `AsyncChats` constructor: a mismatch found at setup is a clear error, one found
 * mid-conversation is a puzzle.
 */
export function checkSpecificationVersion(models: unknown, owner: 'Chats' | 'AsyncChats'): void {
  const factory = owner === 'Chats' ? 'createXModels()' : 'createXAsyncModels()';
  if (typeof models !== 'object' || models === null) {
    throw new ConfigurationError({
      message: `new ${owner}(models) needs a models object, such as an adapter's ${factory}; got ${models === null ? 'null' : typeof models}.`,
    });
  }
  const version = (models as { specificationVersion?: unknown }).specificationVersion;
  if (version === SPECIFICATION_VERSION) return;
  const found =
    version === undefined
      ? 'has no specificationVersion (it was written before the seam was versioned)'
      : `speaks specification ${JSON.stringify(version)}`;
  throw new ConfigurationError({
    message: `The models object given to new ${owner}() ${found}, but this @colloquy/chat-core speaks "${SPECIFICATION_VERSION}". Install an adapter and a @colloquy/chat-core that match: upgrade the adapter package if it is the older one, or @colloquy/chat-core if it is. If you wrote the models object yourself, set specificationVersion to SPECIFICATION_VERSION from @colloquy/chat-core/spec.`,
  });
}
