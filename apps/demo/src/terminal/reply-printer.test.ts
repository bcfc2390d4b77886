import { GenerateContentResponse } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { createStyle } from './create-style';
import { ReplyPrinter, type ReplyPrinterOptions } from './reply-printer';

function printer(options: Partial<ReplyPrinterOptions> = {}) {
  let out = '';
  const reply = new ReplyPrinter({
    out: { write: (text: string) => (out += text) },
    style: createStyle(false),
    spinner: false,
    showThoughts: false,
    ...options,
  });
  return { reply, out: () => out };
}

const text = (value: string, extra: Record<string, unknown> = {}) =>
  new GenerateContentResponse({
    candidates: [{ content: { role: 'model', parts: [{ text: value }] }, ...extra }],
  });

describe('ReplyPrinter', () => {
  it('writes chunks as they come, after the label, and ends the line', () => {
    const { reply, out } = printer({ label: 'gpt-4o ›' });
    reply.begin();
    reply.chunk(text('Hel'));
    expect(out()).toBe('gpt-4o › Hel');
    reply.chunk(text('lo', { finishReason: 'STOP' }));
    expect(reply.finish()).toEqual({ wroteText: true, finishReason: 'STOP' });
    expect(out()).toBe('gpt-4o › Hello\n');
  });

  it('shows a spinner until the first chunk, then erases it', () => {
    const { reply, out } = printer({ spinner: true });
    reply.begin();
    expect(out()).toBe('\r⠋ waiting for the model…');
    reply.chunk(text('Hi'));
    expect(out()).toBe('\r⠋ waiting for the model…\r\x1b[2KHi');
    reply.finish();
  });

  it('puts each tool run on its own line and labels the text after it again', () => {
    const { reply, out } = printer({ label: 'm ›' });
    reply.chunk(text('Let me see.'));
    reply.toolRun({
      name: 'calculate',
      args: { expression: '2+2' },
      outcome: { result: { result: 4 } },
    });
    reply.toolRun({ name: 'current_time', args: {}, outcome: { error: 'Unknown time zone' } });
    reply.chunk(text('It is 4.'));
    reply.finish();
    expect(out()).toBe(
      'm › Let me see.\n⚙ calculate("2+2") → 4\n⚙ current_time() → error: Unknown time zone\nm › It is 4.\n',
    );
  });

  it('shows thoughts only when asked to', () => {
    const thought = new GenerateContentResponse({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'hmm ', thought: true }, { text: 'Yes' }] } },
      ],
    });
    const hidden = printer();
    hidden.reply.chunk(thought);
    hidden.reply.finish();
    expect(hidden.out()).toBe('Yes\n');
    const shown = printer({ showThoughts: true });
    shown.reply.chunk(thought);
    shown.reply.finish();
    expect(shown.out()).toBe('hmm Yes\n');
  });

  it('says why a reply has no text', () => {
    const blocked = printer();
    blocked.reply.chunk(new GenerateContentResponse({ promptFeedback: { blockReason: 'SAFETY' } }));
    expect(blocked.reply.finish()).toEqual({ wroteText: false, blockReason: 'SAFETY' });
    expect(blocked.out()).toBe('(no text: the prompt was blocked (SAFETY))\n');

    const filtered = printer();
    filtered.reply.chunk(new GenerateContentResponse({ candidates: [{ finishReason: 'SAFETY' }] }));
    filtered.reply.finish();
    expect(filtered.out()).toBe('(no text: finish reason SAFETY)\n');

    const empty = printer();
    empty.reply.finish();
    expect(empty.out()).toBe('(no text: an empty reply)\n');
  });

  it('marks an interrupted reply where it stopped', () => {
    const partial = printer();
    partial.reply.chunk(text('Once upon'));
    partial.reply.interrupted();
    expect(partial.out()).toBe('Once upon [interrupted]\n');

    const early = printer({ label: 'm ›' });
    early.reply.interrupted();
    expect(early.out()).toBe('m › [interrupted before the reply began]\n');
  });
});
