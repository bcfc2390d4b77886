import { type FunctionArgs, functionTool } from '@colloquy/chat-core';
import { expect } from 'vitest';
import type { CaseContext } from '../case-context';
import { collectStream } from '../collect-stream';
import type { HarnessRequest } from '../conformance-harness';
import { describeError } from '../expect-error';

const CALL = { id: 'call_conformance_1', name: 'get_weather', args: { city: 'Lisbon' } };
const RESULT = { city: 'Lisbon', tempC: 21, sky: 'clear' };
const ANSWER = 'It is 21 °C and clear in Lisbon.';

/** A callable `get_weather` that records the arguments it was called with. */
function weatherTool() {
  const calls: FunctionArgs[] = [];
  const tool = functionTool({
    name: 'get_weather',
    description: 'Current weather for a city',
    parametersJsonSchema: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    },
    handler: (args) => {
      calls.push(args);
      return RESULT;
    },
  });
  return { tool, calls };
}

/** What a function-call round must have sent the provider, in its wire format. */
function expectRoundTrip(requests: HarnessRequest[]): void {
  expect(requests).toHaveLength(2);
  expect(requests[0]?.functionDeclarations).toContain('get_weather');

  const second = requests[1];
  const calls = second?.messages
    .filter((message) => message.role === 'assistant')
    .flatMap((message) => message.functionCalls);
  // The model's call goes back as the model said it: same id, name and arguments.
  expect(calls).toEqual([CALL]);

  const responses = second?.messages.flatMap((message) => message.functionResponses) ?? [];
  expect(responses).toHaveLength(1);
  expect(responses[0]?.id).toBe(CALL.id);
  // Wire formats without a name in the result (OpenAI, Anthropic) leave it undefined.
  expect([undefined, CALL.name]).toContain(responses[0]?.name);
  expect(responses[0]?.response).toEqual(RESULT);
  // The result follows the call: nothing comes after it but the result itself.
  expect(second?.messages.at(-1)?.functionResponses).toHaveLength(1);
  expect(second?.functionDeclarations).toContain('get_weather');
}

/** Automatic function calling: the call reaches the handler, its result reaches the provider. */
export function registerFunctionCallingCases<Options extends object>(
  context: CaseContext<Options>,
): void {
  const { harness } = context;

  context.test(
    'runs an automatic function-call round trip and answers',
    ['function-calls', 'text'],
    async () => {
      await harness.enqueue({ functionCalls: [CALL] }, { text: ANSWER });
      const { tool, calls } = weatherTool();
      const chat = context.chat({}, { tools: [tool] });

      const response = await chat.sendMessage('What is the weather in Lisbon?');

      expect(response.text).toBe(ANSWER);
      expect(calls).toEqual([CALL.args]);
      expectRoundTrip(await harness.requests());
      const curated = chat.getHistory(true);
      expect(curated.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model']);
      expect(curated[1]?.parts).toEqual([{ functionCall: CALL }]);
      expect(curated[2]?.parts).toEqual([
        { functionResponse: { id: CALL.id, name: CALL.name, response: RESULT } },
      ]);
      expect(response.automaticFunctionCallingHistory).toHaveLength(3);
    },
  );

  context.test(
    'runs an automatic function-call round trip in a stream',
    ['function-calls', 'text'],
    async () => {
      await harness.enqueue(
        { functionCalls: [CALL] },
        { text: ANSWER, chunks: ['It is 21 °C', ' and clear in Lisbon.'] },
      );
      const { tool, calls } = weatherTool();
      const chat = context.chat({}, { tools: [tool] });

      const stream = await chat.sendMessageStream('What is the weather in Lisbon?');
      const { texts, chunks, error } = await collectStream(stream);

      expect(error, describeError(error)).toBeUndefined();
      expect(texts.join('')).toBe(ANSWER);
      // Streamed arguments (JSON fragments on some wires) arrive whole.
      expect(calls).toEqual([CALL.args]);
      expect(chunks.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual([CALL]);
      expectRoundTrip(await harness.requests());
      expect((await harness.requests()).every((request) => request.stream !== false)).toBe(true);
      expect(chat.getHistory(true).map((content) => content.role)).toEqual([
        'user',
        'model',
        'user',
        'model',
      ]);
    },
  );
}
