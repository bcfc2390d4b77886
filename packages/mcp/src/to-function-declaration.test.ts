import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { toFunctionDeclarations } from './to-function-declaration';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });

describe('toFunctionDeclarations', () => {
  it('makes names every provider accepts, and remembers the MCP name behind each', () => {
    const long = `x${'y'.repeat(80)}`;
    const { declarations, mcpNames } = toFunctionDeclarations(
      [tool('files/read.v2'), tool(long)],
      'fs.',
      'server',
    );
    expect(declarations.map(({ name }) => name)).toEqual([
      'fs_files_read_v2',
      `fs_${long}`.slice(0, 64),
    ]);
    expect(mcpNames.get('fs_files_read_v2')).toBe('files/read.v2');
  });

  it('drops $schema from the input schema and falls back to the title for a description', () => {
    const { declarations } = toFunctionDeclarations(
      [
        {
          name: 'read',
          title: 'Read a file',
          inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
        },
      ],
      '',
      'server',
    );
    expect(declarations).toEqual([
      { name: 'read', description: 'Read a file', parametersJsonSchema: { type: 'object' } },
    ]);
  });

  it('refuses two tools that become the same name, naming both and the way out', () => {
    const make = () => toFunctionDeclarations([tool('a.b'), tool('a/b')], '', 'files');
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(/"files" has two tools, "a.b" and "a\/b".*"a_b".*filter option/);
  });
});
