/** What one line typed (or piped) into the demo asks for. */
export type Command =
  | { kind: 'message'; text: string }
  | { kind: 'empty' }
  | { kind: 'help' }
  | { kind: 'history' }
  | { kind: 'curated' }
  | { kind: 'save'; file: string }
  | { kind: 'load'; file: string }
  /** Without a name: show the current provider and the known ones. */
  | { kind: 'provider'; provider?: string; model?: string }
  /** Without a setting: show whether tools are on. */
  | { kind: 'tools'; enabled?: boolean }
  | { kind: 'usage' }
  | { kind: 'reset' }
  | { kind: 'sessions' }
  | { kind: 'open'; id: string }
  | { kind: 'fork' }
  | { kind: 'exit' }
  | { kind: 'invalid'; message: string };

/** The commands with their arguments and what they do, for `/help` and `--help`. */
export const COMMANDS: ReadonlyArray<readonly [usage: string, description: string]> = [
  ['/help', 'this list'],
  ['/history', 'the whole conversation, interrupted and rejected replies included'],
  ['/curated', 'the conversation as the model receives it (valid turns only)'],
  ['/save FILE', 'save the session as JSON (no API keys)'],
  ['/load FILE', 'restore a saved session exactly, and continue it'],
  ['/provider [NAME [MODEL]]', 'switch provider mid-conversation, keeping the history'],
  ['/tools [on|off]', 'the demo tools (current_time, calculate), called by the model'],
  ['/usage', 'token totals reported by the providers'],
  ['/sessions', 'the stored conversations, most recent first'],
  ['/open ID', 'continue a stored conversation (the first characters of its id will do)'],
  ['/fork', 'branch this conversation into a new stored one, and continue there'],
  ['/new', 'start a new conversation (also /reset)'],
  ['/exit', 'quit (also /quit, Ctrl-D, or Ctrl-C at the prompt)'],
];

function unquote(text: string): string {
  const match = /^(["'])(.*)\1$/.exec(text);
  return match ? (match[2] as string) : text;
}

/**
 * Parses one input line. A line starting with `/` is a command; `//` at the start sends the
 * rest as a message beginning with `/` (for the rare message that must).
 */
export function parseCommand(line: string): Command {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (text.startsWith('//')) return { kind: 'message', text: text.slice(1) };
  if (!text.startsWith('/')) return { kind: 'message', text };

  const [name = '', ...rest] = text.slice(1).split(/\s+/);
  const args = rest;
  const argText = text.slice(1 + name.length).trim();
  const noArgs = (command: Command): Command =>
    args.length === 0 ? command : { kind: 'invalid', message: `/${name} takes no arguments.` };

  switch (name.toLowerCase()) {
    case 'help':
    case '?':
      return noArgs({ kind: 'help' });
    case 'history':
      return noArgs({ kind: 'history' });
    case 'curated':
      return noArgs({ kind: 'curated' });
    case 'usage':
      return noArgs({ kind: 'usage' });
    case 'reset':
    case 'new':
      return noArgs({ kind: 'reset' });
    case 'sessions':
      return noArgs({ kind: 'sessions' });
    case 'fork':
      return noArgs({ kind: 'fork' });
    case 'open': {
      const [id, extra] = args;
      if (id === undefined || extra !== undefined) {
        return { kind: 'invalid', message: 'Usage: /open ID (see /sessions for the ids).' };
      }
      return { kind: 'open', id };
    }
    case 'exit':
    case 'quit':
      return noArgs({ kind: 'exit' });
    case 'save':
    case 'load': {
      const kind = name.toLowerCase() as 'save' | 'load';
      if (argText === '') {
        return { kind: 'invalid', message: `Usage: /${kind} FILE (e.g. /${kind} chat.json).` };
      }
      return { kind, file: unquote(argText) };
    }
    case 'provider': {
      const [provider, model, extra] = args;
      if (extra !== undefined) {
        return { kind: 'invalid', message: 'Usage: /provider NAME [MODEL].' };
      }
      return {
        kind: 'provider',
        ...(provider === undefined ? {} : { provider }),
        ...(model === undefined ? {} : { model }),
      };
    }
    case 'tools': {
      const [setting, extra] = args.map((arg) => arg.toLowerCase());
      if (setting === undefined) return { kind: 'tools' };
      if (extra === undefined && (setting === 'on' || setting === 'off')) {
        return { kind: 'tools', enabled: setting === 'on' };
      }
      return { kind: 'invalid', message: 'Usage: /tools on, or /tools off.' };
    }
    default:
      return {
        kind: 'invalid',
        message: `Unknown command /${name}. Type /help for the commands (start with // to send a message beginning with /).`,
      };
  }
}
