import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';

describe('mapGeminiFinishReason', () => {
  it.each(['STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'MALFORMED_FUNCTION_CALL'])(
    'keeps %s',
    (reason) => {
      expect(mapGeminiFinishReason(reason)).toBe(reason);
    },
  );

  it('keeps reasons newer than the adapter rather than hiding why a turn ended', () => {
    expect(mapGeminiFinishReason('IMAGE_SAFETY')).toBe('IMAGE_SAFETY');
  });

  it('reads a missing or empty reason as "not finished"', () => {
    expect(mapGeminiFinishReason(undefined)).toBeUndefined();
    expect(mapGeminiFinishReason(null)).toBeUndefined();
    expect(mapGeminiFinishReason('')).toBeUndefined();
  });
});
