import { InvalidResponseError } from '@colloquy/chat-core';
import { validateResponse } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { readJsonFixture } from './__fixtures__/fixtures';
import { anthropicMessageSchema } from './anthropic-api';

function validate(value: unknown) {
  return validateResponse(anthropicMessageSchema, value, 'anthropic');
}

describe('anthropicMessageSchema', () => {
  it.each([
    'anthropic-text.json',
    'anthropic-tool-use.json',
    'anthropic-thinking.json',
    'anthropic-refusal.json',
    'anthropic-empty.json',
  ])('accepts the documented response %s', (name) => {
    const fixture = readJsonFixture(name);
    expect(validate(fixture)).toEqual(fixture);
  });

  it('accepts block kinds it does not read, and fields it does not know', () => {
    const message = {
      id: 'msg_1',
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
        { type: 'text', text: 'Hi', citations: [] },
      ],
      stop_reason: 'end_turn',
      container: null,
    };
    expect(validate(message)).toEqual(message);
  });

  it('rejects a known block kind missing what the adapter reads, naming the path', () => {
    const broken = {
      content: [{ type: 'tool_use', name: 'f', input: {} }],
      stop_reason: 'tool_use',
    };
    expect(() => validate(broken)).toThrow(InvalidResponseError);
    expect(() => validate(broken)).toThrow(/content\.0/);
  });

  it('rejects a body without content', () => {
    expect(() => validate({ type: 'message', id: 'msg_1' })).toThrow(/content/);
  });
});
