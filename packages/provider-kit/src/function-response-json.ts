import { ConfigurationError, type FunctionResponse } from '@colloquy/chat-core';

/**
 * A function response's `response` as the JSON text APIs that take tool results as strings
 * (OpenAI, Anthropic) send. What JSON cannot hold (a BigInt, a cycle) is a
 * `ConfigurationError` naming the function and `provider`, thrown before anything is sent.
 */
export function functionResponseJson(response: FunctionResponse, provider: string): string {
  try {
    return JSON.stringify(response.response ?? {}) ?? '{}';
  } catch (cause) {
    throw new ConfigurationError({
      provider,
      message: `The response of function "${response.name}" cannot be sent to ${provider}: it is not JSON-serialisable (a BigInt or a cycle?). Return plain JSON values from the tool, e.g. a BigInt as a string.`,
      cause,
    });
  }
}
