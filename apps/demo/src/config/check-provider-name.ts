import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KNOWN_PROVIDER_NAMES } from '@colloquy/providers';
import { DemoError } from '../demo-error';

function isPath(name: string): boolean {
  return name.startsWith('file:') || name.startsWith('.') || isAbsolute(name);
}

/**
 * A provider name as the loader takes it: a known provider, or a path to a third-party
 * adapter module (made absolute against `base`, since the loader imports from elsewhere).
 * Anything else is most likely a typo, so the error lists the known names.
 */
export function checkProviderName(name: string, origin: string, base: string): string {
  if (KNOWN_PROVIDER_NAMES.includes(name)) return name;
  if (name.startsWith('file:')) return name;
  if (isPath(name)) return pathToFileURL(resolve(base, name)).href;
  throw new DemoError(
    `Unknown provider "${name}" (${origin}). Known providers: ${KNOWN_PROVIDER_NAMES.join(', ')}; or give the path of an adapter module, e.g. ./my-adapter.js.`,
  );
}
