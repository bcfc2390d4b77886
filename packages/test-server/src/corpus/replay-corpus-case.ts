import {
  AsyncChats,
  type AsyncModels,
  Chats,
  functionTool,
  type GenerateContentConfig,
  type Models,
  type TurnRecord,
} from '@colloquy/chat-core';
import type { CorpusCase, CorpusTurn } from './read-corpus';

/** What a chat made of a corpus case: the turn it recorded, and the error it threw. */
export interface ReplayedCase {
  turn: CorpusTurn | null;
  error?: string;
}

/** The adapter under test, pointed at a base URL (test-server's fake server thread). */
export interface CorpusAdapter {
  model: string;
  createAsyncModels(baseUrl: string): AsyncModels;
  /** The blocking twin; `close()` is called when the case is done. */
  createModels(baseUrl: string): Models & { close?(): void };
}

/** A turn record reduced to what a corpus case names: its last model content and usage. */
function turnOf(record: TurnRecord): CorpusTurn {
  const { contents, usage, usageRounds } = record;
  const parts = contents.at(-1)?.role === 'model' ? (contents.at(-1)?.parts ?? []) : [];
  const text = parts
    .filter((part) => part.text !== undefined && !part.thought)
    .map((part) => part.text)
    .join('');
  const thoughts = parts
    .filter((part) => part.thought && part.text)
    .map((part) => part.text)
    .join('');
  const turn: CorpusTurn = {
    status: record.status as CorpusTurn['status'],
    text,
    functionCalls: parts.flatMap((part) =>
      part.functionCall
        ? [{ name: part.functionCall.name, args: part.functionCall.args ?? {} }]
        : [],
    ),
  };
  if (thoughts !== '') turn.thoughts = thoughts;
  if (usage !== undefined) turn.usage = usage;
  if (usageRounds !== undefined) turn.usageRounds = usageRounds;
  return turn;
}

/** The case's config, with a tool for each of its handlers (they return the given result). */
function configOf(entry: CorpusCase): GenerateContentConfig | undefined {
  const config = entry.config as GenerateContentConfig | undefined;
  if (entry.handlers === undefined) return config;
  const tools = Object.entries(entry.handlers).map(([name, result]) =>
    functionTool({
      name,
      description: `Returns the corpus case's result for ${name}.`,
      parametersJsonSchema: { type: 'object' },
      handler: () => result,
    }),
  );
  return { ...config, tools: [...(config?.tools ?? []), ...tools] };
}

function outcome(turns: readonly TurnRecord[], error: unknown): ReplayedCase {
  const record = turns.at(-1);
  const replayed: ReplayedCase = {
    turn: record ? turnOf(record) : null,
  };
  if (error !== undefined) replayed.error = error instanceof Error ? error.name : String(error);
  return replayed;
}

/**
 * Sends a corpus case's message through `AsyncChat` (`kind: 'async'`) or the blocking `Chat`
 * (`'sync'`) over the adapter, with the case's replies already queued at `baseUrl`, and returns
 * what the chat recorded.
 */
export async function replayCorpusCase(
  entry: CorpusCase,
  adapter: CorpusAdapter,
  kind: 'async' | 'sync',
  baseUrl: string,
): Promise<ReplayedCase> {
  const config = configOf(entry);
  let error: unknown;
  if (kind === 'async') {
    const chat = new AsyncChats(adapter.createAsyncModels(baseUrl)).create({
      model: adapter.model,
      config,
    });
    try {
      if (entry.mode === 'send') await chat.sendMessage(entry.message);
      else for await (const chunk of await chat.sendMessageStream(entry.message)) void chunk;
    } catch (thrown) {
      error = thrown;
    }
    return outcome(chat.getTurns(), error);
  }
  const models = adapter.createModels(baseUrl);
  try {
    const chat = new Chats(models).create({ model: adapter.model, config });
    try {
      if (entry.mode === 'send') chat.sendMessage(entry.message);
      else for (const chunk of chat.sendMessageStream(entry.message)) void chunk;
    } catch (thrown) {
      error = thrown;
    }
    return outcome(chat.getTurns(), error);
  } finally {
    models.close?.();
  }
}
