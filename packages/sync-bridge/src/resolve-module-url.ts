import { ConfigurationError } from '@colloquy/chat-core';
import type { BridgeRuntime } from './load-bridge-runtime';

/**
 * Resolves the adapter module in the main thread, where the caller's `parentUrl` means
 * something: a package name or relative path from `parentUrl` (default: the working
 * directory), an absolute path, or a `file:` URL as is. Returns a file URL for `import()`.
 */
export function resolveModuleUrl(
  module: string,
  parentUrl: string | URL | undefined,
  runtime: BridgeRuntime,
): string {
  if (module.startsWith('file:')) return module;
  if (module.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(module)) {
    return runtime.pathToFileURL(module).href;
  }
  const parent = parentUrl ?? runtime.pathToFileURL(`${runtime.cwd()}/`).href;
  try {
    return runtime.pathToFileURL(runtime.createRequire(parent).resolve(module)).href;
  } catch (cause) {
    throw new ConfigurationError({
      message: `The sync bridge could not find module "${module}" from ${String(parent)}. Install it, or pass parentUrl: import.meta.url (of a module that can import it), or an absolute file URL.`,
      cause,
    });
  }
}
