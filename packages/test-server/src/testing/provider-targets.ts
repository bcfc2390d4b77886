import type { ProviderName } from '../provider-name';

/** How to call each fake in tests, and how to read its stream. */
export interface ProviderTarget {
  name: ProviderName;
  /** Path after the SDK base URL. */
  path(stream: boolean): string;
  headers: Record<string, string>;
  body(stream: boolean, text?: string): unknown;
  /** What separates SSE events. */
  separator: string;
  lineBreak: string;
  /** Whether a stream body reached the provider's normal end. */
  terminated(text: string): boolean;
}

export const providerTargets: Record<ProviderName, ProviderTarget> = {
  gemini: {
    name: 'gemini',
    path: (stream) =>
      stream
        ? '/v1beta/models/gemini-test:streamGenerateContent?alt=sse'
        : '/v1beta/models/gemini-test:generateContent',
    headers: { 'x-goog-api-key': 'test-key' },
    body: (_stream, text = 'Hi there') => ({ contents: [{ role: 'user', parts: [{ text }] }] }),
    separator: '\r\n\r\n',
    lineBreak: '\r\n',
    terminated: (text) => text.includes('"finishReason"'),
  },
  openai: {
    name: 'openai',
    path: () => '/chat/completions',
    headers: { authorization: 'Bearer test-key' },
    body: (stream, text = 'Hi there') => ({
      model: 'gpt-test',
      stream,
      messages: [{ role: 'user', content: text }],
    }),
    separator: '\n\n',
    lineBreak: '\n',
    terminated: (text) => text.includes('data: [DONE]') || text.includes('"finish_reason":"'),
  },
  anthropic: {
    name: 'anthropic',
    path: () => '/v1/messages',
    headers: { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' },
    body: (stream, text = 'Hi there') => ({
      model: 'claude-test',
      max_tokens: 100,
      stream,
      messages: [{ role: 'user', content: text }],
    }),
    separator: '\n\n',
    lineBreak: '\n',
    terminated: (text) =>
      text.includes('event: message_stop') || text.includes('event: message_delta'),
  },
};
