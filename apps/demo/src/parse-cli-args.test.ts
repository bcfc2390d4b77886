import { describe, expect, it } from 'vitest';
import { DemoError } from './demo-error';
import { parseCliArgs } from './parse-cli-args';

describe('parseCliArgs', () => {
  it('defaults to an interactive, streaming, async chat', () => {
    expect(parseCliArgs([])).toEqual({ sync: false, stream: true, help: false, noStore: false });
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
    });
    expect(parseCliArgs(['--no-store'])).toMatchObject({ noStore: true });
    expect(parseCliArgs(['-m', 'hi', '-c', 'x.json', '-h'])).toMatchObject({
      message: 'hi',
      config: 'x.json',
      help: true,
    });
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
  ])('explains %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new DemoError(message));
  });

  it('explains a flag missing its value', () => {
    expect(() => parseCliArgs(['--provider'])).toThrow(/--provider.*Run with --help/);
  });
});
