import { isValidResponse } from '@colloquy/chat-core';
import type { MockBlockedTurn, MockEmptyTurn } from '@colloquy/provider-mock';
import { expect } from 'vitest';
import type { CaseContext } from '../case-context';
import { collectStream } from '../collect-stream';
import { describeError } from '../expect-error';

const QUESTION = { role: 'user', parts: [{ text: 'Tell me something.' }] };
const EARLIER = [
  { role: 'user', parts: [{ text: 'Hi' }] },
  { role: 'model', parts: [{ text: 'Hello!' }] },
];

/** Blocked and empty replies: answered, but kept out of the curated history. */
export function registerInvalidReplyCases<Options extends object>(
  context: CaseContext<Options>,
): void {
  const { harness } = context;
  const kinds: Array<{
    reply: MockBlockedTurn | MockEmptyTurn;
    capability: 'blocked' | 'empty';
    what: string;
  }> = [
    { reply: { blocked: 'SAFETY' }, capability: 'blocked', what: 'a blocked reply' },
    { reply: { empty: true }, capability: 'empty', what: 'an empty reply' },
  ];

  for (const { reply, capability, what } of kinds) {
    context.test(`keeps ${what} out of the curated history`, [capability], async () => {
      await harness.enqueue({ text: 'Hello!' }, reply);
      const chat = context.chat();
      await chat.sendMessage('Hi');

      const response = await chat.sendMessage('Tell me something.');

      expect(response.text ?? '').toBe('');
      expect(isValidResponse(response), JSON.stringify(response)).toBe(false);
      expect(chat.getHistory(true)).toEqual(EARLIER);
      expect(chat.getHistory()).toEqual([...EARLIER, QUESTION, { role: 'model', parts: [] }]);
      expect(chat.getTurns().at(-1)?.status).toBe('invalid');
    });

    context.test(
      `keeps ${what} out of the curated history when streamed`,
      [capability],
      async () => {
        await harness.enqueue({ text: 'Hello!' }, reply);
        const chat = context.chat();
        await chat.sendMessage('Hi');

        const stream = await chat.sendMessageStream('Tell me something.');
        const { texts, error } = await collectStream(stream);

        expect(error, describeError(error)).toBeUndefined();
        expect(texts.join('')).toBe('');
        expect(chat.getHistory(true)).toEqual(EARLIER);
        expect(chat.getHistory().slice(0, 3)).toEqual([...EARLIER, QUESTION]);
        expect(chat.getTurns().at(-1)?.status).toBe('invalid');
      },
    );
  }
}
