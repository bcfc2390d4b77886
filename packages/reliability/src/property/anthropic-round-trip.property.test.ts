import type { Content, Part } from '@colloquy/chat-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Internal converters, not exported by the package: imported from its source on purpose.
import type { AnthropicContentBlock } from '../../../provider-anthropic/src/anthropic-api';
import { convertContentBlock } from '../../../provider-anthropic/src/convert-from-anthropic-response';
import {
  type AnthropicMessageParam,
  convertToAnthropicRequest,
} from '../../../provider-anthropic/src/convert-to-anthropic-request';
import { REDACTED_THINKING_PREFIX } from '../../../provider-anthropic/src/redacted-thinking';

// The Gemini and OpenAI adapters carry this property in their own packages
// (convert-to-gemini-request.test.ts, convert-to-openai-request.property.test.ts); the
// Anthropic adapter had none, so it lives here.

/**
 * Back from the wire. Assistant blocks have the shape of response blocks, so the adapter's
 * own response converter reads them; user blocks (tool results, images, documents) are read
 * by this test-only inverse.
 */
function toContents(messages: readonly AnthropicMessageParam[]): Content[] {
  const names = new Map<string, string>();
  return messages.map((message): Content => {
    if (message.role === 'assistant') {
      const parts: Part[] = [];
      for (const block of message.content) {
        const part = convertContentBlock(block as AnthropicContentBlock);
        if (part?.functionCall?.id) names.set(part.functionCall.id, part.functionCall.name);
        if (part) parts.push(part);
      }
      return { role: 'model', parts };
    }
    const parts = message.content.map((block): Part => {
      switch (block.type) {
        case 'tool_result':
          return {
            functionResponse: {
              id: block.tool_use_id,
              name: names.get(block.tool_use_id) ?? '?',
              response: JSON.parse(block.content),
            },
          };
        case 'text':
          return { text: block.text };
        case 'image':
        case 'document':
          if (block.source.type !== 'base64') throw new Error('expected inline data');
          return { inlineData: { mimeType: block.source.media_type, data: block.source.data } };
        default:
          throw new Error(`unexpected user block ${block.type}`);
      }
    });
    return { role: 'user', parts };
  });
}

const key = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');
const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const json = fc.dictionary(key, fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), { maxKeys: 4 });
const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,20}$/);
// The Messages API refuses empty text blocks, and the adapter drops them: generate none.
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const textPart = text.map((t): Part => ({ text: t }));
const inlinePart = fc
  .tuple(
    fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'),
    fc.base64String({ minLength: 4, maxLength: 40 }),
  )
  .map(([mimeType, data]): Part => ({ inlineData: { mimeType, data } }));
const signedThought = fc
  .tuple(fc.string({ maxLength: 30 }), fc.base64String({ minLength: 4, maxLength: 40 }))
  .map(([t, signature]): Part => ({ text: t, thought: true, thoughtSignature: signature }));
const redactedThought = fc.base64String({ minLength: 4, maxLength: 40 }).map(
  (data): Part => ({
    text: '',
    thought: true,
    thoughtSignature: `${REDACTED_THINKING_PREFIX}${data}`,
  }),
);

const exchange = fc.record({
  user: fc.array(fc.oneof(textPart, inlinePart), { minLength: 1, maxLength: 3 }),
  thoughts: fc.array(fc.oneof(signedThought, redactedThought), { maxLength: 2 }),
  modelTexts: fc.array(textPart, { maxLength: 2 }),
  calls: fc.array(fc.record({ name, args: json }), { maxLength: 3 }),
  results: fc.array(json, { maxLength: 3 }),
});
type Exchange = typeof exchange extends fc.Arbitrary<infer T> ? T : never;

/**
 * Alternating turns. A user turn first answers every call of the model turn before it (tool
 * results lead a user message on the wire), then says something.
 */
function conversation(steps: readonly Exchange[]): Content[] {
  const contents: Content[] = [];
  let pending: Array<{ id: string; name: string }> = [];
  steps.forEach((step, turn) => {
    const responses = pending.map(
      (call, i): Part => ({
        functionResponse: { id: call.id, name: call.name, response: step.results[i] ?? { turn } },
      }),
    );
    contents.push({ role: 'user', parts: [...responses, ...step.user] });
    pending = step.calls.map((call, i) => ({ id: `toolu_${turn}_${i}`, name: call.name }));
    const parts: Part[] = [...step.thoughts, ...step.modelTexts];
    step.calls.forEach((call, i) => {
      parts.push({ functionCall: { id: `toolu_${turn}_${i}`, name: call.name, args: call.args } });
    });
    if (parts.length === 0) parts.push({ text: 'ok' });
    contents.push({ role: 'model', parts });
  });
  return contents;
}

describe('convertToAnthropicRequest (property)', () => {
  it('is lossless: contents → Messages request (through JSON) → contents', () => {
    fc.assert(
      fc.property(fc.array(exchange, { minLength: 1, maxLength: 5 }), (steps) => {
        const contents = conversation(steps);
        const request = convertToAnthropicRequest({
          model: 'claude-test',
          contents,
          defaultMaxTokens: 1024,
          leadingUserText: '(start)',
        });
        const sent = JSON.parse(JSON.stringify(request)) as typeof request;
        expect(toContents(sent.messages)).toEqual(contents);
      }),
      { numRuns: 300 },
    );
  });

  it('never mutates the contents it converts', () => {
    fc.assert(
      fc.property(fc.array(exchange, { minLength: 1, maxLength: 4 }), (steps) => {
        const contents = conversation(steps);
        const before = structuredClone(contents);
        convertToAnthropicRequest({
          model: 'claude-test',
          contents,
          defaultMaxTokens: 1024,
          leadingUserText: '(start)',
        });
        expect(contents).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });
});
