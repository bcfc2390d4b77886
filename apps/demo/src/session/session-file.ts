import type { Content, TurnRecord } from '@colloquy/chat-core';
import * as v from 'valibot';
import type { ChatTarget } from '../config/chat-target';
import {
  type ChatConfig,
  ChatConfigSchema,
  ProviderOptionsSchema,
} from '../config/demo-config-file';
import { formatIssues } from '../config/format-issues';
import { DemoError } from '../demo-error';
import type { ChatHistorySource } from './chat-session';
import { withoutSecrets } from './without-secrets';

export const SESSION_FORMAT = 'colloquy-demo-session';

/**
 * A saved session. `history` is the comprehensive history, for people and other tools;
 * `turns` are chat-core's turn records, which `/load` restores exactly (interrupted and
 * rejected replies stay out of what is sent to the model). Never holds a credential.
 */
export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: 1;
  savedAt: string;
  provider: string;
  model: string;
  /** The adapter options without `apiKey`, headers or anything named like a secret. */
  options: Record<string, unknown>;
  config: ChatConfig;
  tools: boolean;
  history: Content[];
  turns: TurnRecord[];
}

/** What `/load` needs from a session file. */
export interface LoadedSession {
  target: ChatTarget;
  config: ChatConfig;
  tools: boolean;
  history: ChatHistorySource;
}

export function createSessionFile(args: {
  target: ChatTarget;
  config: ChatConfig;
  tools: boolean;
  history: Content[];
  turns: TurnRecord[];
  now?: Date;
}): SessionFile {
  return {
    format: SESSION_FORMAT,
    version: 1,
    savedAt: (args.now ?? new Date()).toISOString(),
    provider: args.target.provider,
    model: args.target.model,
    options: withoutSecrets(args.target.options),
    config: withoutSecrets(args.config),
    tools: args.tools,
    history: args.history,
    turns: args.turns,
  };
}

const PartSchema = v.looseObject({
  text: v.optional(v.string()),
  thought: v.optional(v.boolean()),
  thoughtSignature: v.optional(v.string()),
  functionCall: v.optional(
    v.looseObject({
      name: v.string(),
      id: v.optional(v.string()),
      args: v.optional(v.record(v.string(), v.unknown())),
    }),
  ),
  functionResponse: v.optional(
    v.looseObject({
      name: v.string(),
      id: v.optional(v.string()),
      response: v.record(v.string(), v.unknown()),
    }),
  ),
  inlineData: v.optional(v.looseObject({ mimeType: v.string(), data: v.string() })),
  fileData: v.optional(v.looseObject({ fileUri: v.string(), mimeType: v.optional(v.string()) })),
});

const ContentSchema = v.object({
  role: v.picklist(['user', 'model'], 'a role must be "user" or "model"'),
  parts: v.array(PartSchema, 'expected a list of parts'),
});

const TurnSchema = v.object({
  status: v.picklist(
    ['history', 'complete', 'invalid', 'interrupted'],
    'a status must be history, complete, invalid or interrupted',
  ),
  contents: v.array(ContentSchema, 'expected a list of contents'),
  reason: v.optional(v.string()),
});

const SessionFileSchema = v.object({
  format: v.literal(SESSION_FORMAT, `expected "${SESSION_FORMAT}": this is not a demo session`),
  version: v.literal(1, 'expected 1: this session was saved by a newer demo'),
  provider: v.pipe(v.string('expected a provider name'), v.nonEmpty('expected a provider name')),
  model: v.pipe(v.string('expected a model name'), v.nonEmpty('expected a model name')),
  options: v.optional(ProviderOptionsSchema, {}),
  config: v.optional(ChatConfigSchema, {}),
  tools: v.optional(v.boolean(), false),
  history: v.optional(v.array(ContentSchema, 'expected a list of contents')),
  turns: v.optional(v.array(TurnSchema, 'expected a list of turn records')),
});

/**
 * Reads a session file's text. Turn records win over `history` when both are there; a file
 * with `history` alone (written by hand or by another tool) is curated by chat-core's rules.
 */
export function parseSessionFile(text: string, name: string): LoadedSession {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DemoError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const result = v.safeParse(SessionFileSchema, json);
  if (!result.success) {
    const problems = formatIssues(result.issues).slice(0, 3).join('; ');
    throw new DemoError(`${name} is not a session the demo can load: ${problems}.`);
  }
  const file = result.output;
  let history: ChatHistorySource;
  if (file.turns) history = { turns: file.turns as TurnRecord[] };
  else if (file.history) history = { history: file.history as Content[] };
  else throw new DemoError(`${name} holds neither "turns" nor "history": nothing to load.`);
  return {
    target: { provider: file.provider, model: file.model, options: file.options },
    config: file.config,
    tools: file.tools,
    history,
  };
}
