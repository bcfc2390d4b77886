import { ConfigurationError } from '@colloquy/chat-core';

function readEnv(name: string): string | undefined {
  // Browsers and some edge runtimes have no `process`; reading through globalThis cannot throw.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The API key: the `apiKey` option, else the first of `envVars` that is set. A missing key is a
 * ConfigurationError naming the option and every variable, so the fix is in the message.
 */
export function resolveApiKey(args: {
  provider: string;
  apiKey?: string;
  envVars: string[];
}): string {
  const { provider, apiKey, envVars } = args;
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  for (const name of envVars) {
    const value = readEnv(name);
    if (value !== undefined) return value;
  }
  const vars =
    envVars.length === 0
      ? ''
      : envVars.length === 1
        ? `Set ${envVars[0]}, or pass`
        : `Set ${envVars.slice(0, -1).join(', ')} or ${envVars[envVars.length - 1]}, or pass`;
  const given = apiKey === undefined ? '' : ' (the apiKey option given is empty)';
  throw new ConfigurationError({
    provider,
    message: `No API key for ${provider}${given}. ${vars ? `${vars} apiKey` : 'Pass apiKey'} to the ${provider} provider.`,
  });
}
