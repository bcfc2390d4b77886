import type { Content, FunctionCall, Part, StoredTurn } from '@colloquy/chat-core';
import { renderMarkdown } from './render-markdown';

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'step'; call: FunctionCall; result?: unknown };

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function textOf(content: Content | undefined): string {
  return (content?.parts ?? [])
    .map((part) => (part.thought ? '' : (part.text ?? '')))
    .join('')
    .trim();
}

function describeStep({ call, result }: Extract<Block, { kind: 'step' }>): string {
  const shown = `⚙ ${call.name ?? 'function'}(${JSON.stringify(call.args ?? {})})`;
  return result === undefined ? `${shown} …` : `${shown} → ${JSON.stringify(result)}`;
}

/** Why an interrupted turn ended, in plain words. */
function describeInterruption(reason: string | undefined): string {
  if (reason === undefined || /^AbortError\b/.test(reason)) return 'Stopped.';
  if (reason === 'abandoned') return 'Interrupted: the server stopped before the reply ended.';
  return `Interrupted: ${reason.replace(/^\w+: /, '')}`;
}

/**
 * One turn on the page: the user's message, then the reply as it streams (text as Markdown,
 * function calls as "⚙ name(args) → result" steps), then how it ended. When the turn is
 * done it is drawn again from the stored record, which is what a reload shows too.
 */
export class TurnView {
  readonly element = element('section', 'turn');
  private readonly reply = element('div', 'reply');
  private readonly footer = element('div', 'turn-footer');
  private blocks: Block[] = [];
  /** Whether an error event was shown: it already says why the turn was interrupted. */
  private failed = false;

  constructor(input: Content | undefined) {
    this.element.append(element('div', 'user', textOf(input)), this.reply, this.footer);
    this.element.dataset.state = 'streaming';
  }

  /** A chunk of the streamed reply (a `GenerateContentResponse` as JSON). */
  addChunk(chunk: unknown): void {
    const parts = (chunk as { candidates?: { content?: { parts?: Part[] } }[] }).candidates?.[0]
      ?.content?.parts;
    for (const part of parts ?? []) this.addPart(part);
    this.draw();
  }

  /** An error in plain words, under the reply. */
  showError(message: string): void {
    this.failed = true;
    this.footer.append(element('p', 'error', message));
  }

  /** The turn as stored: replaces what streamed. */
  finish(turn: StoredTurn): void {
    this.blocks = [];
    for (const content of turn.contents.slice(1)) {
      for (const part of content.parts) this.addPart(part);
    }
    this.draw();
    this.element.dataset.state = turn.status;
    this.element.dataset.turn = String(turn.seq);
    if (turn.status === 'interrupted' && !this.failed) {
      this.footer.append(element('p', 'interrupted', describeInterruption(turn.reason)));
    }
  }

  private addPart(part: Part): void {
    const last = this.blocks.at(-1);
    if (typeof part.text === 'string' && !part.thought) {
      if (last?.kind === 'text') last.text += part.text;
      else this.blocks.push({ kind: 'text', text: part.text });
    } else if (part.functionCall) {
      this.blocks.push({ kind: 'step', call: part.functionCall });
    } else if (part.functionResponse) {
      const { id, name, response } = part.functionResponse;
      const step = this.blocks.find(
        (block): block is Extract<Block, { kind: 'step' }> =>
          block.kind === 'step' &&
          block.result === undefined &&
          (id !== undefined ? block.call.id === id : block.call.name === name),
      );
      if (step) step.result = response;
    }
  }

  private draw(): void {
    this.reply.replaceChildren(
      ...this.blocks.map((block) => {
        if (block.kind === 'step') return element('div', 'step', describeStep(block));
        const text = element('div', 'markdown');
        text.innerHTML = renderMarkdown(block.text);
        return text;
      }),
    );
  }
}

/** A stored turn, drawn. */
export function storedTurnView(turn: StoredTurn): TurnView {
  const view = new TurnView(turn.contents[0]);
  view.finish(turn);
  return view;
}
