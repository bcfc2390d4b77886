import { describe, expect, it } from 'vitest';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason';

describe('mapAnthropicFinishReason', () => {
  it.each([
    ['end_turn', 'STOP'],
    ['stop_sequence', 'STOP'],
    ['tool_use', 'STOP'],
    ['max_tokens', 'MAX_TOKENS'],
    ['model_context_window_exceeded', 'MAX_TOKENS'],
    ['refusal', 'SAFETY'],
    ['something_new', 'OTHER'],
  ])('maps %s to %s', (stopReason, finishReason) => {
    expect(mapAnthropicFinishReason(stopReason)).toBe(finishReason);
  });

  it('gives no finish reason while the message has not stopped, or is paused', () => {
    expect(mapAnthropicFinishReason('pause_turn')).toBeUndefined();
    expect(mapAnthropicFinishReason(null)).toBeUndefined();
    expect(mapAnthropicFinishReason(undefined)).toBeUndefined();
  });
});
