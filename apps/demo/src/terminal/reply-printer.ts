import type { GenerateContentResponse } from '@colloquy/chat-core';
import type { ToolRun } from '../tools/create-demo-tools';
import type { Style } from './create-style';
import { Spinner } from './spinner';

interface Output {
  write(text: string): unknown;
}

export interface ReplyPrinterOptions {
  out: Output;
  style: Style;
  /** Shown before the reply in a terminal (`gpt-4o-mini ›`); none when output is piped. */
  label?: string;
  /** A spinner until the first chunk (terminal output only). */
  spinner: boolean;
  /** Show the model's thought parts, dimmed. */
  showThoughts: boolean;
}

/** How a reply went, for the line the demo adds when it ends without text. */
export interface ReplySummary {
  wroteText: boolean;
  finishReason?: string;
  blockReason?: string;
}

const MAX_TOOL_JSON = 120;

function compactJson(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_TOOL_JSON ? `${json.slice(0, MAX_TOOL_JSON - 1)}…` : json;
}

// One argument shows as its value, and a `{result}` as the result: `calculate("2+2") → 4`.
function argsText(args: Record<string, unknown>): string {
  const values = Object.values(args);
  if (values.length === 0) return '';
  return values.length === 1 ? compactJson(values[0]) : compactJson(args);
}

function resultText(result: unknown): string {
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    const keys = Object.keys(result);
    if (keys.length === 1 && keys[0] === 'result')
      return compactJson((result as { result: unknown }).result);
  }
  return compactJson(result);
}

/** Writes one reply as it streams: spinner, label, text chunks, tool lines, closing notes. */
export class ReplyPrinter {
  private readonly spinner: Spinner | undefined;
  private atLineStart = true;
  private labelShown = false;
  private readonly summary: ReplySummary = { wroteText: false };

  constructor(private readonly options: ReplyPrinterOptions) {
    const { out, style } = options;
    this.spinner = options.spinner
      ? new Spinner(out, (frame) => style.dim(`${frame} waiting for the model…`))
      : undefined;
  }

  begin(): void {
    this.spinner?.start();
  }

  private write(text: string): void {
    if (text === '') return;
    this.options.out.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  private startText(): void {
    this.spinner?.stop();
    if (!this.labelShown && this.options.label) {
      this.write(`${this.options.style.model(this.options.label)} `);
    }
    this.labelShown = true;
  }

  chunk(response: GenerateContentResponse): void {
    const candidate = response.candidates?.[0];
    if (candidate?.finishReason) this.summary.finishReason = candidate.finishReason;
    const blockReason = response.promptFeedback?.blockReason;
    if (blockReason) this.summary.blockReason = blockReason;
    for (const part of candidate?.content?.parts ?? []) {
      if (typeof part.text !== 'string' || part.text === '') continue;
      if (part.thought) {
        if (!this.options.showThoughts) continue;
        this.startText();
        this.write(this.options.style.dim(part.text));
      } else {
        this.startText();
        this.write(part.text);
        this.summary.wroteText = true;
      }
    }
  }

  /** A line for a tool the model called; the spinner resumes for the model's next round. */
  toolRun(run: ToolRun): void {
    this.spinner?.stop();
    if (!this.atLineStart) this.write('\n');
    const outcome =
      'error' in run.outcome ? `error: ${run.outcome.error}` : resultText(run.outcome.result);
    this.write(`${this.options.style.tool(`⚙ ${run.name}(${argsText(run.args)}) → ${outcome}`)}\n`);
    this.labelShown = false;
    this.spinner?.start();
  }

  /** Ends the reply's line; says why when the model gave no text. */
  finish(): ReplySummary {
    this.spinner?.stop();
    if (!this.summary.wroteText) {
      const { finishReason, blockReason } = this.summary;
      const why = blockReason
        ? `the prompt was blocked (${blockReason})`
        : finishReason && finishReason !== 'STOP'
          ? `finish reason ${finishReason}`
          : 'an empty reply';
      this.startText();
      this.write(this.options.style.dim(`(no text: ${why})`));
    }
    if (!this.atLineStart) this.write('\n');
    return { ...this.summary };
  }

  /** The reply was stopped (Ctrl-C): whatever arrived stays on screen, marked. */
  interrupted(): void {
    this.spinner?.stop();
    const note = this.summary.wroteText ? ' [interrupted]' : '[interrupted before the reply began]';
    if (!this.summary.wroteText) this.startText();
    this.write(`${this.options.style.dim(note)}\n`);
  }

  /** The reply failed: clears the spinner and ends the line, before the error is shown. */
  abandon(): void {
    this.spinner?.stop();
    if (!this.atLineStart) this.write('\n');
  }
}
