import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A provider as shown to people: its name, or a third-party adapter's file name. */
export function providerLabel(provider: string): string {
  return provider.startsWith('file:') ? basename(fileURLToPath(provider)) : provider;
}
