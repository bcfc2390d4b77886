import { readdirSync, readFileSync } from 'node:fs';
import type { RecordedReply } from '../scripted-reply';

/** What a corpus case expects the chat to record for its send. */
export interface CorpusTurn {
  status: 'complete' | 'invalid' | 'interrupted';
  /** The model's answer text (thoughts left out), `''` when it said nothing. */
  text: string;
  /** The thoughts' text, when the reply had any. */
  thoughts?: string;
  functionCalls: Array<{ name: string; args?: Record<string, unknown> }>;
  usage?: Record<string, unknown>;
  /** Each round's usage, for a send of several rounds (automatic function calling). */
  usageRounds?: Record<string, unknown>[];
}

/**
 * One recorded reply and what must come of it. A case is two files in the corpus folder:
 * the wire body, `<case>.chunks.txt` (a stream, sent to `sendMessageStream`) or `<case>.json`
 * (one body, sent to `sendMessage`), and `<case>.turn.json` with where the shape comes from
 * and the expected outcome. A case of several rounds (automatic function calling) is a
 * `.turn.json` alone that names the other cases' wire files it replays, in order, in `rounds`,
 * and gives the results of the functions the chat runs in `handlers`.
 */
export interface CorpusCase {
  name: string;
  mode: 'send' | 'stream';
  /** Where the recorded shape comes from, and under what license. */
  source: string;
  license: string;
  /** The message sent; "Hello" by default. */
  message: string;
  /** The chat config (JSON: tool declarations, settings). */
  config?: Record<string, unknown>;
  /** The replies to queue on test-server's fake, one per request. */
  replies: RecordedReply[];
  /** Functions the chat runs (automatic function calling): name → the result they return. */
  handlers?: Record<string, unknown>;
  /** The recorded turn, or `null` when nothing is recorded (the send failed before output). */
  turn: CorpusTurn | null;
  /** The `name` of the error the send throws, if it fails. */
  error?: string;
}

interface TurnFile {
  source: string;
  license: string;
  message?: string;
  config?: Record<string, unknown>;
  /** HTTP status of the recorded reply, 200 by default. */
  status?: number;
  /** Wire files of this folder replayed in order, one per round (all streams or all bodies). */
  rounds?: string[];
  handlers?: Record<string, unknown>;
  turn: CorpusTurn | null;
  error?: string;
}

/**
 * A `.chunks.txt` file as an SSE body: raw SSE text (lines starting `event:` or `data:`, as
 * Anthropic's fixtures are kept) is sent as it is; otherwise each line is one event's data
 * (as the Gemini and OpenAI fixtures are kept).
 */
function sseBody(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.some((line) => /^(event|data|id|retry):/.test(line) || line.startsWith(':'))) {
    return text.endsWith('\n\n') ? text : `${text.trimEnd()}\n\n`;
  }
  return lines.map((data) => `data: ${data}\n\n`).join('');
}

/** A wire file as test-server's reply: `.chunks.txt` an event stream, else a JSON body. */
function replyOf(directory: URL, file: string, status: number): RecordedReply {
  const wire = readFileSync(new URL(file, directory), 'utf8');
  return file.endsWith('.chunks.txt')
    ? { recorded: { status, contentType: 'text/event-stream', body: sseBody(wire) } }
    : { recorded: { status, contentType: 'application/json', body: wire } };
}

/** Every case of a corpus folder, in name order: adding a recording adds a case. */
export function readCorpus(directory: URL): CorpusCase[] {
  const files = readdirSync(directory);
  return files
    .filter((file) => file.endsWith('.turn.json'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.turn.json'.length);
      const spec = JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as TurnFile;
      const wires = spec.rounds ?? [
        files.includes(`${name}.chunks.txt`) ? `${name}.chunks.txt` : `${name}.json`,
      ];
      const stream = wires.map((wire) => wire.endsWith('.chunks.txt'));
      if (stream.some((each) => each !== stream[0])) {
        throw new Error(`corpus case ${name}: its rounds mix streams and bodies`);
      }
      return {
        name,
        mode: stream[0] ? 'stream' : 'send',
        source: spec.source,
        license: spec.license,
        message: spec.message ?? 'Hello',
        ...(spec.config !== undefined && { config: spec.config }),
        replies: wires.map((wire) => replyOf(directory, wire, spec.status ?? 200)),
        ...(spec.handlers !== undefined && { handlers: spec.handlers }),
        turn: spec.turn,
        ...(spec.error !== undefined && { error: spec.error }),
      };
    });
}
