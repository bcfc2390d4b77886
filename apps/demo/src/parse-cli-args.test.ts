import { describe, expect, it } from 'vitest';
import { DemoError } from './demo-error';
import { parseCliArgs } from './parse-cli-args';

describe('parseCliArgs', () => {
  it('defaults to an interactive, streaming, async chat', () => {
    expect(parseCliArgs([])).toEqual({
      sync: false,
      stream: true,
      help: false,
      noStore: false,
      mcp: [],
    });
  });

  it('reads every flag', () => {
    expect(
      parseCliArgs([
        '--provider',
        'openai',
        '--model=gpt-4o-mini',
        '--config',
        'my.json',
        '--message',
        'hi there',
        '--sync',
        '--no-stream',
        '--help',
        '--store',
        'redis://127.0.0.1:6379',
      ]),
    ).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      config: 'my.json',
      message: 'hi there',
      sync: true,
      stream: false,
      help: true,
      store: 'redis://127.0.0.1:6379',
      noStore: false,
      mcp: [],
    });
    expect(parseCliArgs(['--no-store'])).toMatchObject({ noStore: true });
    expect(parseCliArgs(['-m', 'hi', '-c', 'x.json', '-h'])).toMatchObject({
      message: 'hi',
      config: 'x.json',
      help: true,
    });
  });

  it('splits each --mcp into a command and its args, in order', () => {
    expect(
      parseCliArgs([
        '--mcp',
        'npx -y @modelcontextprotocol/server-filesystem /tmp',
        '--mcp=  ./weather-server  ',
      ]).mcp,
    ).toEqual([
      { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
      { command: './weather-server', args: [] },
    ]);
  });

  it.each([
    [['--verbose'], "Unknown option '--verbose'. Run with --help to see the flags."],
    [
      ['hello', 'there'],
      'Unexpected argument "hello". To send a message, use --message "hello there".',
    ],
    [['--model', ''], '--model needs a value.'],
    [['--store', ''], '--store needs a value.'],
    [['--store', 'x.db', '--no-store'], '--store and --no-store contradict each other: pick one.'],
    [['--mcp', '  '], '--mcp needs a command, such as --mcp "npx -y some-mcp-server".'],
    [
      ['--mcp', 'node "my server.js"'],
      '--mcp "node "my server.js"": the command is split at spaces and cannot hold quotes or backslashes. For an argument with a space in it, start the server from a small script and pass that.',
    ],
    [
      ['--mcp', 'node server.js', '--sync'],
      '--mcp needs the async chat: MCP tools answer asynchronously, which the blocking Chat of --sync cannot wait for. Drop --sync.',
    ],
  ])('explains %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new DemoError(message));
  });

  it('explains a flag missing its value', () => {
    expect(() => parseCliArgs(['--provider'])).toThrow(/--provider.*Run with --help/);
  });
});
