import { type Content, InvalidMessageError, type Part } from '@colloquy/chat-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnthropicContentParam,
  type AnthropicMessagesRequest,
  convertToAnthropicRequest,
} from './convert-to-anthropic-request';

/** Test-only inverse of the request converter, for the round-trip property. */
function contentsOf(request: AnthropicMessagesRequest): Content[] {
  const callNames = new Map<string, string>();
  const partOf = (block: AnthropicContentParam): Part => {
    switch (block.type) {
      case 'text':
        return { text: block.text };
      case 'image':
      case 'document':
        if (block.source.type !== 'base64')
          throw new Error('url and text sources are not generated');
        return { inlineData: { mimeType: block.source.media_type, data: block.source.data } };
      case 'tool_use':
        callNames.set(block.id, block.name);
        return { functionCall: { id: block.id, name: block.name, args: block.input } };
      case 'tool_result':
        return {
          functionResponse: {
            id: block.tool_use_id,
            name: callNames.get(block.tool_use_id) ?? '?',
            response: JSON.parse(block.content),
          },
        };
      case 'thinking':
        return {
          text: block.thinking,
          thought: true,
          thoughtSignature: `anthropic:${block.signature}`,
        };
      case 'redacted_thinking':
        throw new Error('redacted thinking is not generated');
      default:
        throw new Error('server-tool blocks are not generated');
    }
  };
  return request.messages.map((message) => ({
    role: message.role === 'assistant' ? 'model' : 'user',
    parts: message.content.map(partOf),
  }));
}

const text = fc
  .string({ minLength: 1 })
  .filter((value) => value.trim() !== '')
  .map((value): Part => ({ text: value }));
// Text the Messages API refuses: empty or whitespace only.
const blank = fc.constantFrom<Part>(
  { text: '' },
  { text: ' ' },
  { text: '\n\t ' },
  { text: '\u00a0' },
);
const media = fc
  .record({
    mimeType: fc.constantFrom(
      'image/jpeg',
      'image/png',
      'image/gif',
      'image/webp',
      'application/pdf',
    ),
    data: fc.base64String({ minLength: 4, maxLength: 40 }),
  })
  .map((inlineData): Part => ({ inlineData }));
// Objects that survive JSON: what function arguments and results are.
const jsonObject = fc
  .dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
const thought = fc
  .record({ text: fc.string(), signature: fc.base64String({ minLength: 4, maxLength: 40 }) })
  .map(
    (t): Part => ({ text: t.text, thought: true, thoughtSignature: `anthropic:${t.signature}` }),
  );
const call = fc.record({ name: fc.constantFrom('alpha', 'beta', 'gamma'), args: jsonObject });

const turnSpec = fc.record({
  userExtras: fc.array(fc.oneof(text, media), { maxLength: 3 }),
  responses: fc.array(jsonObject, { minLength: 3, maxLength: 3 }),
  thought: fc.option(thought, { nil: undefined }),
  modelTexts: fc.array(text, { maxLength: 2 }),
  calls: fc.array(call, { maxLength: 3 }),
});

/** Alternating user/model turns; each user turn first answers the calls of the turn before. */
const conversation = fc
  .record({ turns: fc.array(turnSpec, { minLength: 1, maxLength: 4 }), endsWithUser: fc.boolean() })
  .map(({ turns, endsWithUser }) => {
    const contents: Content[] = [];
    let pending: Part[] = [];
    turns.forEach((turn, turnIndex) => {
      const userParts: Part[] = [...pending, ...turn.userExtras];
      contents.push({ role: 'user', parts: userParts.length > 0 ? userParts : [{ text: 'go' }] });
      if (endsWithUser && turnIndex === turns.length - 1) return;
      const modelParts: Part[] = [];
      if (turn.thought) modelParts.push(turn.thought);
      modelParts.push(...turn.modelTexts);
      pending = [];
      turn.calls.forEach((c, callIndex) => {
        const id = `toolu_${turnIndex}_${callIndex}`;
        modelParts.push({ functionCall: { id, name: c.name, args: c.args } });
        pending.push({
          functionResponse: { id, name: c.name, response: turn.responses[callIndex] ?? {} },
        });
      });
      contents.push({
        role: 'model',
        parts: modelParts.length > 0 ? modelParts : [{ text: 'ok' }],
      });
    });
    return contents;
  });

describe('convertToAnthropicRequest (property)', () => {
  it('loses nothing: contents → request → contents gives the same turns', () => {
    fc.assert(
      fc.property(conversation, (contents) => {
        const request = convertToAnthropicRequest({
          model: 'claude-test',
          contents,
          defaultMaxTokens: 1024,
          leadingUserText: '(start of conversation)',
        });
        expect(contentsOf(request)).toEqual(contents);
      }),
      { numRuns: 300 },
    );
  });

  it('always gives alternating roles starting with the user, and no blank text', () => {
    const anyOrder = fc.array(
      fc.record({
        role: fc.constantFrom('user' as const, 'model' as const),
        parts: fc.array(fc.oneof(text, blank), { maxLength: 2 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(anyOrder, (contents) => {
        const convert = () =>
          convertToAnthropicRequest({
            model: 'claude-test',
            contents,
            defaultMaxTokens: 1024,
            leadingUserText: '(start of conversation)',
          });
        const last = contents[contents.length - 1];
        // A new user message with nothing but blank text is refused, not sent as a prefill.
        if (last?.role === 'user' && last.parts.every((part) => part.text?.trim() === '')) {
          expect(convert).toThrow(InvalidMessageError);
          return;
        }
        const { messages } = convert();
        messages.forEach((message, index) => {
          expect(message.role).toBe(index % 2 === 0 ? 'user' : 'assistant');
          expect(message.content.length).toBeGreaterThan(0);
          for (const block of message.content) {
            if (block.type === 'text') expect(block.text.trim()).not.toBe('');
          }
        });
        // The new message is never dropped: the request ends on the user's turn.
        if (last?.role === 'user') expect(messages[messages.length - 1]?.role).toBe('user');
      }),
      { numRuns: 300 },
    );
  });
});
