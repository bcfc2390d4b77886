import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Content, Part, Tool } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import type { RecordedReply } from '@colloquy/test-server';
import { recordedGeminiReply } from './fixtures';

/*
 * The recorded Gemini API chat sessions in `<repo>/../shared/fixtures/gemini-recordings`
 * (see its README). They live outside the repository and are read in place, never copied;
 * a bare clone has no such folder, and the replay tests skip.
 */

// This file is <repo>/packages/provider-gemini/src/__fixtures__/: the repo root is 4 levels up.
export const RECORDINGS_DIR = fileURLToPath(
  new URL('../../../../../shared/fixtures/gemini-recordings/', import.meta.url),
);

interface RecordedInteraction {
  request: { method: string; url: string; bodySegments: unknown[] };
  response: { statusCode: number; bodySegments: unknown[] };
}

export interface RecordedRequestBody {
  contents: Content[];
  generationConfig?: Record<string, unknown>;
  tools?: Tool[];
  [key: string]: unknown;
}

export interface Recording {
  file: string;
  /** `send` (sendMessage) or `stream` (sendMessageStream) */
  mode: 'send' | 'stream';
  model: string;
  /** The chat config, with tool names resolved to their declarations. */
  config: TransportConfig;
  history: Content[];
  /** Each message as given to sendMessage. */
  messages: Array<string | string[]>;
  /** What the recording says should happen, when it is not a plain success. */
  expect?: string;
  interactions: Array<{
    url: string;
    requestBody: RecordedRequestBody;
    status: number;
    segments: unknown[];
  }>;
}

interface ManifestEntry {
  file: string;
  mode: 'send' | 'stream';
  model: string;
  config: Record<string, unknown>;
  history: Content[];
  messages: Array<string | string[]>;
  expect?: string;
}

/** The recordings, or `undefined` when the shared folder is not there. */
export function loadRecordings(): Recording[] | undefined {
  const manifestPath = `${RECORDINGS_DIR}manifest.json`;
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    tools: Record<string, Tool[]>;
    recordings: ManifestEntry[];
  };
  return manifest.recordings.map((entry) => {
    const raw = JSON.parse(readFileSync(`${RECORDINGS_DIR}${entry.file}`, 'utf8')) as {
      interactions: RecordedInteraction[];
    };
    const { tools, ...rest } = entry.config;
    const config: TransportConfig = { ...rest };
    if (typeof tools === 'string') config.tools = manifest.tools[tools];
    return {
      ...entry,
      config,
      interactions: raw.interactions.map((interaction) => ({
        url: interaction.request.url,
        requestBody: interaction.request.bodySegments[0] as RecordedRequestBody,
        status: interaction.response.statusCode,
        segments: interaction.response.bodySegments,
      })),
    };
  });
}

/** A recording's answers, in order, as test-server's replies. */
export function repliesOf(recording: Recording): RecordedReply[] {
  return recording.interactions.map((interaction) =>
    recordedGeminiReply(interaction.segments, {
      status: interaction.status,
      stream: interaction.url.includes('alt=sse'),
    }),
  );
}

function isPlainText(part: Part): part is { text: string } {
  return typeof part.text === 'string' && Object.keys(part).length === 1;
}

/**
 * The recorded SDK stores a streamed reply as one model content per chunk; a chat that
 * coalesces it sends the same turn as one content. Joining consecutive model contents and
 * adjacent plain text parts makes both forms compare equal.
 */
export function normalizeContents(contents: readonly Content[]): Content[] {
  const out: Content[] = [];
  for (const content of contents) {
    const previous = out.at(-1);
    const target =
      previous && previous.role === 'model' && content.role === 'model'
        ? previous
        : (out[out.push({ role: content.role, parts: [] }) - 1] as Content);
    for (const part of content.parts) {
      const last = target.parts.at(-1);
      if (last && isPlainText(last) && isPlainText(part)) last.text += part.text;
      else target.parts.push({ ...part });
    }
  }
  return out;
}

interface RecordedChunk {
  candidates?: Array<{ content?: { parts?: Part[] }; finishReason?: string }>;
  usageMetadata?: Record<string, unknown>;
}

/** What one recorded answer says: its text, function calls, finish reason and final usage. */
export function recordedReply(segments: readonly unknown[]): {
  text: string | undefined;
  functionCalls: unknown[];
  finishReason: string | undefined;
  usageMetadata: Record<string, unknown> | undefined;
} {
  let text: string | undefined;
  const functionCalls: unknown[] = [];
  let finishReason: string | undefined;
  let usageMetadata: Record<string, unknown> | undefined;
  for (const segment of segments as RecordedChunk[]) {
    const candidate = segment.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (typeof part.text === 'string' && !part.thought) text = (text ?? '') + part.text;
      if (part.functionCall) functionCalls.push(part.functionCall);
    }
    if (candidate?.finishReason) finishReason = candidate.finishReason;
    if (segment.usageMetadata) usageMetadata = segment.usageMetadata;
  }
  return { text, functionCalls, finishReason, usageMetadata };
}
