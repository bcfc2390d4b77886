import type { TransportConfig } from '@colloquy/chat-core/spec';

const BUILT_IN_TOOLS = ['googleSearch', 'codeExecution', 'urlContext'] as const;

/**
 * The Gemini built-in tools (`googleSearch`, `codeExecution`, `urlContext`) that
 * `config.tools` asks for, each named once, in the order first met. Adapters whose provider
 * lacks them leave them out and warn with this list.
 */
export function builtInToolsOf(config: TransportConfig | undefined): string[] {
  const found = new Set<string>();
  for (const tool of config?.tools ?? []) {
    for (const name of BUILT_IN_TOOLS) if (tool[name] !== undefined) found.add(name);
  }
  return [...found];
}
