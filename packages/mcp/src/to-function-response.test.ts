import { describe, expect, it } from 'vitest';
import { toFunctionResponse } from './to-function-response';

describe('toFunctionResponse', () => {
  it('joins the text blocks of a result as {result}', () => {
    const result = {
      content: [
        { type: 'text' as const, text: 'line one' },
        { type: 'text' as const, text: 'line two' },
      ],
    };
    expect(toFunctionResponse(result)).toEqual({ result: 'line one\nline two' });
  });

  it('keeps content blocks that are not text as they are', () => {
    const content = [
      { type: 'text' as const, text: 'a chart' },
      { type: 'image' as const, data: 'iVBORw0KGgo=', mimeType: 'image/png' },
    ];
    expect(toFunctionResponse({ content })).toEqual({ content });
  });

  it('says the tool failed when it reports an error without text', () => {
    expect(toFunctionResponse({ content: [], isError: true })).toEqual({
      error: 'The tool failed without saying why.',
    });
  });
});
