import { COMMANDS } from './commands/parse-command';
import { FLAGS } from './parse-cli-args';

function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}

/** `--help`: every flag, the environment, and the commands. */
export function usageText(): string {
  return `colloquy-demo: chat with a generative model in the terminal.

Usage: colloquy-demo [flags]        (from a clone: npm run demo -- [flags])

Flags:
${table(FLAGS)}

Environment:
${table([
  ['COLLOQUY_PROVIDER, COLLOQUY_MODEL', 'provider and model, over the config file'],
  ['GEMINI_API_KEY, GOOGLE_API_KEY', 'key for gemini'],
  ['OPENAI_API_KEY', 'key for openai (api.openai.com)'],
  ['ANTHROPIC_API_KEY', 'key for anthropic'],
  ['NO_COLOR', 'plain output (also when stdout is not a terminal)'],
])}

Config file (colloquy.config.json):
  {"provider": "openai", "model": "llama3.2",
   "options": {"baseUrl": "http://localhost:11434/v1"},
   "config": {"temperature": 0.3, "systemInstruction": "Be brief."}}

Commands:
${commandsText()}

Without a terminal on stdin, each line read is sent (commands included) and each reply
printed; the demo exits at the end of the input.`;
}

/** `/help`. */
export function commandsText(): string {
  return table(COMMANDS);
}
