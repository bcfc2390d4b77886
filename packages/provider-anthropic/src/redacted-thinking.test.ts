import { describe, expect, it } from 'vitest';
import { redactedThinkingData, redactedThinkingPart } from './redacted-thinking';

describe('redacted thinking parts', () => {
  it('carry the data in the signature, behind a marker', () => {
    const part = redactedThinkingPart('EmwKAhgB+/=');
    expect(part).toEqual({
      text: '',
      thought: true,
      thoughtSignature: 'redacted_thinking:EmwKAhgB+/=',
    });
    expect(redactedThinkingData(part.thoughtSignature ?? '')).toBe('EmwKAhgB+/=');
  });

  it('are not confused with a real (base64) signature', () => {
    expect(redactedThinkingData('EqQBCgIYAhIM1gbcDa9GJwZA2b3h+/==')).toBeUndefined();
  });
});
