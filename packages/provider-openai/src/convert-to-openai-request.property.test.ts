import type { Content, Part } from '@colloquy/chat-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertToOpenAIRequest, type OpenAIMessage } from './convert-to-openai-request';

/**
 * Test-only inverse of the request converter for the part kinds it must carry losslessly:
 * text, inline images, function calls (with ids) and function responses.
 */
function toContents(messages: readonly OpenAIMessage[]): Content[] {
  const contents: Content[] = [];
  const names = new Map<string, string>();
  let toolTurn: Content | undefined;
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    if (message.role === 'tool') {
      if (!toolTurn) {
        toolTurn = { role: 'user', parts: [] };
        contents.push(toolTurn);
      }
      toolTurn.parts.push({
        functionResponse: {
          id: message.tool_call_id,
          name: names.get(message.tool_call_id) ?? '?',
          response: JSON.parse(message.content),
        },
      });
      continue;
    }
    if (message.role === 'user') {
      const parts: Part[] =
        typeof message.content === 'string'
          ? [{ text: message.content }]
          : message.content.map((part): Part => {
              if (part.type === 'text') return { text: part.text };
              if (part.type === 'image_url') {
                const match = /^data:([^;]+);base64,(.*)$/.exec(part.image_url.url);
                if (!match) throw new Error(`not a data URL: ${part.image_url.url}`);
                return { inlineData: { mimeType: match[1] as string, data: match[2] as string } };
              }
              throw new Error(`unexpected part ${part.type}`);
            });
      // The text of a user turn that also answered calls follows its tool messages.
      if (toolTurn) toolTurn.parts.push(...parts);
      else contents.push({ role: 'user', parts });
      toolTurn = undefined;
      continue;
    }
    toolTurn = undefined;
    if (message.role !== 'assistant') continue;
    const parts: Part[] = [];
    const calls = message.tool_calls ?? [];
    if (typeof message.content === 'string') {
      if (!(message.content === '' && calls.length > 0)) parts.push({ text: message.content });
    } else {
      for (const part of message.content) parts.push({ text: part.text });
    }
    for (const call of calls) {
      names.set(call.id, call.function.name);
      parts.push({
        functionCall: {
          id: call.id,
          name: call.function.name,
          args: JSON.parse(call.function.arguments),
        },
      });
    }
    contents.push({ role: 'model', parts });
  }
  return contents;
}

const key = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');
const jsonLeaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const args = fc.dictionary(key, fc.oneof(jsonLeaf, fc.array(jsonLeaf, { maxLength: 3 })), {
  maxKeys: 4,
});
const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/);
const textPart = fc.string().map((text): Part => ({ text }));
const imagePart = fc
  .tuple(fc.constantFrom('image/png', 'image/jpeg', 'image/webp'), fc.base64String())
  .map(([mimeType, data]): Part => ({ inlineData: { mimeType, data } }));

/** One exchange: a user turn, then a model turn that may call functions. */
const exchange = fc.record({
  user: fc.array(fc.oneof(textPart, imagePart), { minLength: 1, maxLength: 3 }),
  modelTexts: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
  calls: fc.array(fc.record({ name, args }), { maxLength: 3 }),
  shuffle: fc.array(fc.nat(), { maxLength: 3 }),
});

type Exchange = typeof exchange extends fc.Arbitrary<infer T> ? T : never;

/** Builds a conversation: responses answer the previous model turn's calls, by id. */
function conversation(exchanges: Exchange[]): Content[] {
  const contents: Content[] = [];
  let pending: Array<{ id: string; name: string }> = [];
  exchanges.forEach((step, turn) => {
    const responses = pending.map(
      (call, i): Part => ({
        functionResponse: { id: call.id, name: call.name, response: { turn, i } },
      }),
    );
    // Answer in any order: ids, not positions, match responses to calls.
    if (responses.length > 1) {
      for (const [i, j] of step.shuffle.entries()) {
        const a = i % responses.length;
        const b = j % responses.length;
        [responses[a], responses[b]] = [responses[b] as Part, responses[a] as Part];
      }
    }
    contents.push({ role: 'user', parts: [...responses, ...step.user] });
    pending = step.calls.map((call, i) => ({ id: `call_${turn}_${i}`, name: call.name }));
    const parts: Part[] = step.modelTexts.map((text) => ({ text }));
    step.calls.forEach((call, i) => {
      parts.push({ functionCall: { id: `call_${turn}_${i}`, name: call.name, args: call.args } });
    });
    if (parts.length === 0) parts.push({ text: 'ok' });
    contents.push({ role: 'model', parts });
  });
  return contents;
}

describe('convertToOpenAIRequest (property)', () => {
  it('is lossless: contents → request → contents gives the same conversation', () => {
    fc.assert(
      fc.property(fc.array(exchange, { minLength: 1, maxLength: 5 }), (steps) => {
        const contents = conversation(steps);
        const request = convertToOpenAIRequest({ model: 'm', contents, stream: false });
        // The body must survive JSON, as it is sent.
        const sent = JSON.parse(JSON.stringify(request)) as typeof request;
        expect(toContents(sent.messages)).toEqual(contents);
      }),
      { numRuns: 200 },
    );
  });
});
