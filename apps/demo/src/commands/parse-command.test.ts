import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command';

describe('parseCommand', () => {
  it('sends text that is not a command as a message, trimmed', () => {
    expect(parseCommand('  hello there  ')).toEqual({ kind: 'message', text: 'hello there' });
    expect(parseCommand('what is 3/4?')).toEqual({ kind: 'message', text: 'what is 3/4?' });
  });

  it('ignores blank lines', () => {
    expect(parseCommand('')).toEqual({ kind: 'empty' });
    expect(parseCommand('   \t')).toEqual({ kind: 'empty' });
  });

  it('sends a message starting with "/" when it is written with "//"', () => {
    expect(parseCommand('//etc/hosts is a file')).toEqual({
      kind: 'message',
      text: '/etc/hosts is a file',
    });
  });

  it.each([
    ['/help', { kind: 'help' }],
    ['/?', { kind: 'help' }],
    ['/history', { kind: 'history' }],
    ['/curated', { kind: 'curated' }],
    ['/usage', { kind: 'usage' }],
    ['/reset', { kind: 'reset' }],
    ['/new', { kind: 'reset' }],
    ['/sessions', { kind: 'sessions' }],
    ['/fork', { kind: 'fork' }],
    ['/open 1f2e', { kind: 'open', id: '1f2e' }],
    ['/exit', { kind: 'exit' }],
    ['/quit', { kind: 'exit' }],
    ['/HELP', { kind: 'help' }],
    ['/tools', { kind: 'tools' }],
    ['/tools on', { kind: 'tools', enabled: true }],
    ['/tools OFF', { kind: 'tools', enabled: false }],
    ['/provider', { kind: 'provider' }],
    ['/provider anthropic', { kind: 'provider', provider: 'anthropic' }],
    [
      '/provider openai  gpt-4o-mini',
      { kind: 'provider', provider: 'openai', model: 'gpt-4o-mini' },
    ],
    ['/save chat.json', { kind: 'save', file: 'chat.json' }],
    ['/load  my chats/monday.json ', { kind: 'load', file: 'my chats/monday.json' }],
    ['/save "with spaces.json"', { kind: 'save', file: 'with spaces.json' }],
  ])('%s', (line, command) => {
    expect(parseCommand(line)).toEqual(command);
  });

  it.each([
    ['/save', 'Usage: /save FILE (e.g. /save chat.json).'],
    ['/load   ', 'Usage: /load FILE (e.g. /load chat.json).'],
    ['/tools maybe', 'Usage: /tools on, or /tools off.'],
    ['/tools on off', 'Usage: /tools on, or /tools off.'],
    ['/provider openai gpt-4o extra', 'Usage: /provider NAME [MODEL].'],
    ['/history now', '/history takes no arguments.'],
    ['/open', 'Usage: /open ID (see /sessions for the ids).'],
    ['/open a b', 'Usage: /open ID (see /sessions for the ids).'],
    ['/fork here', '/fork takes no arguments.'],
    [
      '/histroy',
      'Unknown command /histroy. Type /help for the commands (start with // to send a message beginning with /).',
    ],
  ])('rejects %j', (line, message) => {
    expect(parseCommand(line)).toEqual({ kind: 'invalid', message });
  });
});
