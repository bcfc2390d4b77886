import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './parse-web-args';

describe('parseWebArgs', () => {
  it('defaults to 127.0.0.1:3000 and passes the demo settings flags through', () => {
    expect(parseWebArgs([])).toEqual({ port: 3000, host: '127.0.0.1', help: false });
    expect(
      parseWebArgs(['--provider', 'openai', '--model', 'gpt-x', '-c', 'c.json', '--store', 'x.db']),
    ).toMatchObject({ provider: 'openai', model: 'gpt-x', config: 'c.json', store: 'x.db' });
    expect(parseWebArgs(['--port', '0', '--host', '0.0.0.0'])).toMatchObject({
      port: 0,
      host: '0.0.0.0',
    });
  });

  it('says how to fix a bad port, an unknown flag or a stray argument', () => {
    expect(() => parseWebArgs(['--port', 'http'])).toThrow('give a port number from 0 to 65535');
    expect(() => parseWebArgs(['--port', '70000'])).toThrow('give a port number');
    expect(() => parseWebArgs(['--colour'])).toThrow('Run with --help');
    expect(() => parseWebArgs(['hello'])).toThrow('Unexpected argument "hello"');
    expect(() => parseWebArgs(['--store', ' '])).toThrow('--store needs a value');
  });
});
