import { describe, expect, it } from 'vitest';
import { isOpenAIPreamble } from './is-openai-preamble';

const event = (value: unknown, name?: string) => ({
  data: typeof value === 'string' ? value : JSON.stringify(value),
  ...(name ? { event: name } : {}),
});
const chunk = (delta: object | null, finish: string | null = null, extra: object = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  usage: null,
  ...extra,
});

describe('isOpenAIPreamble', () => {
  it.each([
    ['the role chunk', chunk({ role: 'assistant', content: '', refusal: null })],
    ['a role chunk without content', chunk({ role: 'assistant' })],
    ['a chunk with a null delta', chunk(null)],
    ['Azure prompt filter results', { id: '', choices: [], prompt_filter_results: [{}] }],
    ['a chunk without choices', { id: 'chatcmpl-1' }],
  ])('holds back %s', (_name, value) => {
    expect(isOpenAIPreamble(event(value))).toBe(true);
  });

  it.each([
    ['text', chunk({ content: 'Hi' })],
    ['reasoning', chunk({ reasoning_content: 'hmm' })],
    ['reasoning (OpenRouter)', chunk({ reasoning: 'hmm' })],
    ['a refusal', chunk({ refusal: 'no' })],
    ['a tool call', chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f' } }] })],
    ['a finish reason', chunk({}, 'stop')],
    ['usage', { id: 'chatcmpl-1', choices: [], usage: { total_tokens: 3 } }],
    ['an error body', { error: { message: 'overloaded' } }],
    ['an error object', { object: 'error', message: 'overloaded' }],
    ['[DONE]', '[DONE]'],
    ['invalid JSON', '{"choices": ['],
    ['a JSON array', '[]'],
    ['choices that are not an array', { choices: {} }],
  ])('lets %s through', (_name, value) => {
    expect(isOpenAIPreamble(event(value))).toBe(false);
  });

  it('lets a named error event through', () => {
    expect(isOpenAIPreamble(event(chunk({ role: 'assistant' }), 'error'))).toBe(false);
  });
});
