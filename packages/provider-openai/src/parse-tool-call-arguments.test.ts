import { describe, expect, it } from 'vitest';
import { parseToolCallArguments } from './parse-tool-call-arguments';

describe('parseToolCallArguments depth limit', () => {
  it('treats absurdly nested arguments as malformed instead of parsing them', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(parseToolCallArguments(deep)).toEqual({ ok: false, raw: deep });
    expect(parseToolCallArguments('{"a":[[1]]}')).toEqual({ ok: true, args: { a: [[1]] } });
  });
});
