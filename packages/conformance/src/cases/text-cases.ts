import { expect } from 'vitest';
import type { CaseContext } from '../case-context';
import { collectStream } from '../collect-stream';
import type { HarnessRequest } from '../conformance-harness';
import { describeError } from '../expect-error';

/** The turns of a request as `[role, text]`, the system instruction left out. */
export function turnsOf(request: HarnessRequest | undefined): Array<[string, string]> {
  return (request?.messages ?? [])
    .filter((message) => message.role !== 'system')
    .map((message) => [message.role, message.text]);
}

/** Plain text turns: one send, a conversation, a stream. */
export function registerTextCases<Options extends object>(context: CaseContext<Options>): void {
  const { harness, model } = context;

  context.test('answers a text turn and records it in both histories', ['text'], async () => {
    await harness.enqueue({ text: 'Tides come from the Moon.' });
    const chat = context.chat();

    const response = await chat.sendMessage('What causes tides?');

    expect(response.text).toBe('Tides come from the Moon.');
    expect(response.finishReason).toBe('STOP');
    const expected = [
      { role: 'user', parts: [{ text: 'What causes tides?' }] },
      { role: 'model', parts: [{ text: 'Tides come from the Moon.' }] },
    ];
    expect(chat.getHistory(true)).toEqual(expected);
    expect(chat.getHistory()).toEqual(expected);

    const requests = await harness.requests();
    expect(requests).toHaveLength(1);
    expect(turnsOf(requests[0])).toEqual([['user', 'What causes tides?']]);
    expect(requests[0]?.stream).not.toBe(true);
    if (requests[0]?.model !== undefined) expect(requests[0].model).toContain(model);
  });

  context.test('sends the earlier turns with the next message', ['text'], async () => {
    await harness.enqueue({ text: 'Hello Ada.' }, { text: 'Your name is Ada.' });
    const chat = context.chat({}, { systemInstruction: 'Answer in one sentence.' });

    await chat.sendMessage('My name is Ada.');
    const second = await chat.sendMessage('What is my name?');

    expect(second.text).toBe('Your name is Ada.');
    const requests = await harness.requests();
    expect(requests).toHaveLength(2);
    expect(turnsOf(requests[1])).toEqual([
      ['user', 'My name is Ada.'],
      ['assistant', 'Hello Ada.'],
      ['user', 'What is my name?'],
    ]);
    // The system instruction goes with every request, not only the first.
    for (const request of requests) {
      expect(request.messages[0]).toMatchObject({
        role: 'system',
        text: 'Answer in one sentence.',
      });
    }
    expect(chat.getHistory(true)).toHaveLength(4);
  });

  context.test(
    'streams a reply in chunks that join to the text, recorded as one valid turn',
    ['text'],
    async () => {
      await harness.enqueue({
        text: 'Light scatters off the air.',
        chunks: ['Light scat', 'ters off ', 'the air.'],
      });
      const chat = context.chat();

      const stream = await chat.sendMessageStream('Why is the sky blue?');
      const { texts, chunks, error } = await collectStream(stream);

      expect(error, describeError(error)).toBeUndefined();
      expect(texts.join('')).toBe('Light scatters off the air.');
      // Streamed as it arrives, not buffered into one chunk.
      expect(texts.length).toBeGreaterThan(1);
      expect(chunks.some((chunk) => chunk.finishReason === 'STOP')).toBe(true);
      expect(chat.getHistory(true)).toEqual([
        { role: 'user', parts: [{ text: 'Why is the sky blue?' }] },
        { role: 'model', parts: [{ text: 'Light scatters off the air.' }] },
      ]);
      expect(chat.getTurns().at(-1)?.status).toBe('complete');
      const requests = await harness.requests();
      expect(requests).toHaveLength(1);
      expect(requests[0]?.stream).not.toBe(false);
    },
  );

  context.test('sends a streamed turn back with the next message', ['text'], async () => {
    await harness.enqueue(
      { text: 'Paris is the capital.', chunks: ['Paris is', ' the capital.'] },
      { text: 'About two million.' },
    );
    const chat = context.chat();

    const stream = await chat.sendMessageStream('Capital of France?');
    const { error } = await collectStream(stream);
    expect(error, describeError(error)).toBeUndefined();
    await chat.sendMessage('How many people live there?');

    expect(turnsOf((await harness.requests())[1])).toEqual([
      ['user', 'Capital of France?'],
      ['assistant', 'Paris is the capital.'],
      ['user', 'How many people live there?'],
    ]);
  });
}
