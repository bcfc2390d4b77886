import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { refuseGoogleOnlyFileUri } from './google-only-file-uri';

describe('refuseGoogleOnlyFileUri', () => {
  it('refuses gs:// objects and Gemini Files API files, saying to inline or upload them', () => {
    for (const uri of [
      'gs://bucket/cat.png',
      'https://generativelanguage.googleapis.com/v1beta/files/abc123',
    ]) {
      let error: unknown;
      try {
        refuseGoogleOnlyFileUri(uri, 'openai', 'Content 0 part 1');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/^Content 0 part 1 refers to .*only Gemini/);
      expect((error as Error).message).toContain('inlineData');
      expect((error as Error).message).toContain('upload');
    }
  });

  it('lets other URLs through', () => {
    expect(() =>
      refuseGoogleOnlyFileUri('https://example.com/files/cat.png', 'openai', 'Content 0'),
    ).not.toThrow();
  });
});
