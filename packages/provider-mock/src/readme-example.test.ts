// The example from README.md, kept here so it is proven to work. Keep the two in step.
import {
  AsyncChats,
  type AsyncModels,
  AuthenticationError,
  functionTool,
  RateLimitError,
} from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { createMockAsyncModels } from './index';

// support-bot.ts: the user's own code, written against AsyncModels so tests can pass a mock.
function createSupportBot(models: AsyncModels) {
  const chat = new AsyncChats(models).create({
    model: 'gemini-2.5-flash',
    config: {
      systemInstruction: 'You are the support agent of Acme. Be brief.',
      tools: [
        functionTool({
          name: 'lookup_order',
          description: 'Status of an order by its id',
          parametersJsonSchema: {
            type: 'object',
            properties: { orderId: { type: 'string' } },
            required: ['orderId'],
          },
          handler: ({ orderId }) => ({ orderId, status: 'shipped' }),
        }),
      ],
    },
  });
  return {
    async ask(question: string): Promise<string> {
      try {
        const response = await chat.sendMessage(question);
        return response.text ?? 'Sorry, I have no answer to that.';
      } catch (error) {
        if (RateLimitError.isInstance(error)) return 'We are busy; please try again in a minute.';
        throw error;
      }
    },
  };
}

// support-bot.test.ts
describe('support bot', () => {
  it('answers with the model reply and sends the question with its instructions', async () => {
    const models = createMockAsyncModels([{ text: 'Hello! How can I help?' }]);
    const bot = createSupportBot(models);

    expect(await bot.ask('hi')).toBe('Hello! How can I help?');
    expect(models.requests).toHaveLength(1);
    expect(models.requests[0]).toMatchObject({
      model: 'gemini-2.5-flash',
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      config: { systemInstruction: 'You are the support agent of Acme. Be brief.' },
    });
  });

  it('looks the order up when the model calls the tool, and answers with the result', async () => {
    const models = createMockAsyncModels([
      { functionCalls: [{ id: 'call-1', name: 'lookup_order', args: { orderId: 'A17' } }] },
      { text: 'Order A17 has shipped.' },
    ]);
    const bot = createSupportBot(models);

    expect(await bot.ask('Where is order A17?')).toBe('Order A17 has shipped.');
    // The second request carries the function's result back to the model.
    expect(models.requests[1]?.contents.at(-1)).toEqual({
      role: 'user',
      parts: [
        {
          functionResponse: {
            id: 'call-1',
            name: 'lookup_order',
            response: { orderId: 'A17', status: 'shipped' },
          },
        },
      ],
    });
  });

  it('turns a rate limit into a friendly reply and keeps working', async () => {
    const models = createMockAsyncModels([
      { error: { name: 'RateLimitError', retryAfterMs: 30_000 } },
      { text: 'Back again.' },
    ]);
    const bot = createSupportBot(models);

    expect(await bot.ask('hi')).toBe('We are busy; please try again in a minute.');
    expect(await bot.ask('hi again')).toBe('Back again.');
  });

  it('lets other errors reach the caller', async () => {
    const models = createMockAsyncModels([{ error: { name: 'AuthenticationError' } }]);
    const bot = createSupportBot(models);

    await expect(bot.ask('hi')).rejects.toBeInstanceOf(AuthenticationError);
  });
});
