import { describe, expect, it } from 'vitest';
import { isAnthropicPreamble } from './is-anthropic-preamble';

const event = (name: string, value: unknown) => ({
  event: name,
  data: typeof value === 'string' ? value : JSON.stringify(value),
});
const blockStart = (content_block: object) =>
  event('content_block_start', { type: 'content_block_start', index: 0, content_block });

describe('isAnthropicPreamble', () => {
  it.each([
    ['message_start', event('message_start', { type: 'message_start', message: { id: 'msg_1' } })],
    ['ping', event('ping', { type: 'ping' })],
    ['an empty text block start', blockStart({ type: 'text', text: '' })],
    [
      'an empty thinking block start',
      blockStart({ type: 'thinking', thinking: '', signature: '' }),
    ],
    ['a tool_use block start', blockStart({ type: 'tool_use', id: 't', name: 'f', input: {} })],
  ])('holds back %s', (_name, value) => {
    expect(isAnthropicPreamble(value)).toBe(true);
  });

  it.each([
    [
      'a text delta',
      event('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'Hi' },
      }),
    ],
    ['a text block start with text', blockStart({ type: 'text', text: 'Hi' })],
    ['a redacted thinking block', blockStart({ type: 'redacted_thinking', data: 'x' })],
    [
      'message_delta',
      event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' } }),
    ],
    ['an error', event('error', { type: 'error', error: { type: 'overloaded_error' } })],
    ['invalid JSON', event('message_start', '{"type": ')],
    [
      'a block start without a block',
      event('content_block_start', { type: 'content_block_start' }),
    ],
  ])('lets %s through', (_name, value) => {
    expect(isAnthropicPreamble(value)).toBe(false);
  });
});
