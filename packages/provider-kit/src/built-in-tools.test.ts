import { describe, expect, it } from 'vitest';
import { builtInToolsOf } from './built-in-tools';

describe('builtInToolsOf', () => {
  it('names each built-in tool once, and none for function declarations', () => {
    expect(
      builtInToolsOf({
        tools: [
          { functionDeclarations: [{ name: 'f' }] },
          { codeExecution: {} },
          { googleSearch: {}, urlContext: {} },
          { googleSearch: { excludeDomains: ['example.com'] } },
        ],
      }),
    ).toEqual(['codeExecution', 'googleSearch', 'urlContext']);
    expect(builtInToolsOf({ tools: [{ functionDeclarations: [] }] })).toEqual([]);
    expect(builtInToolsOf(undefined)).toEqual([]);
  });
});
