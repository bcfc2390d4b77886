import type { GenerateContentConfig } from '../types/generate-content-config';
import type { TransportConfig } from '../types/models';
import type { CallableTool, FunctionDeclaration, Tool } from '../types/tool';
import { isCallableTool } from './function-tool';

export interface ResolvedConfig {
  /** What the transport sees: callable tools reduced to their declarations. */
  transport: TransportConfig | undefined;
  /** Handlers by function name; empty when no callable tools were given. */
  handlers: ReadonlyMap<string, CallableTool['handler']>;
}

const EMPTY: ReadonlyMap<string, CallableTool['handler']> = new Map();
// Configs are reused across many sends: resolve each config object once.
const cache = new WeakMap<GenerateContentConfig, ResolvedConfig>();

/** Splits a config's tools into transport declarations and local handlers. */
export function resolveTools(config: GenerateContentConfig | undefined): ResolvedConfig {
  if (!config) return { transport: undefined, handlers: EMPTY };
  const cached = cache.get(config);
  if (cached) return cached;
  let resolved: ResolvedConfig;
  if (!config.tools?.some(isCallableTool)) {
    resolved = { transport: config as TransportConfig, handlers: EMPTY };
  } else {
    const tools: Tool[] = [];
    const declarations: FunctionDeclaration[] = [];
    const handlers = new Map<string, CallableTool['handler']>();
    for (const tool of config.tools) {
      if (isCallableTool(tool)) {
        declarations.push(tool.declaration);
        handlers.set(tool.declaration.name, tool.handler);
      } else {
        tools.push(tool);
      }
    }
    tools.push({ functionDeclarations: declarations });
    resolved = { transport: { ...config, tools }, handlers };
  }
  cache.set(config, resolved);
  return resolved;
}
