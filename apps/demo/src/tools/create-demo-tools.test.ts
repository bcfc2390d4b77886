import { AsyncChats, type CallableTool } from '@colloquy/chat-core';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { describe, expect, it } from 'vitest';
import { createDemoTools, type ToolRun } from './create-demo-tools';

const NOW = new Date('2025-03-01T12:34:56Z');

function tools(): { runs: ToolRun[]; byName: Record<string, CallableTool> } {
  const runs: ToolRun[] = [];
  const list = createDemoTools({ onRun: (run) => runs.push(run), now: () => NOW });
  return { runs, byName: Object.fromEntries(list.map((tool) => [tool.declaration.name, tool])) };
}

describe('createDemoTools', () => {
  it('declares current_time and calculate with JSON Schema parameters', () => {
    const { byName } = tools();
    expect(Object.keys(byName)).toEqual(['current_time', 'calculate']);
    expect(byName.calculate?.declaration.parametersJsonSchema).toMatchObject({
      required: ['expression'],
    });
  });

  it('calculates and reports the run', () => {
    const { runs, byName } = tools();
    expect(byName.calculate?.handler({ expression: '6 * 7' })).toEqual({ result: 42 });
    expect(runs).toEqual([
      { name: 'calculate', args: { expression: '6 * 7' }, outcome: { result: { result: 42 } } },
    ]);
  });

  it('reports a failed run and throws, so the model receives the error', () => {
    const { runs, byName } = tools();
    expect(() => byName.calculate?.handler({ expression: '1 / 0' })).toThrow('Division by zero');
    expect(runs[0]?.outcome).toEqual({ error: 'Division by zero at position 3.' });
  });

  it('tells the time in a given time zone', () => {
    const { byName } = tools();
    expect(byName.current_time?.handler({ timeZone: 'Asia/Tokyo' })).toEqual({
      local: 'Saturday, 1 March 2025 at 21:34:56 GMT+9',
      timeZone: 'Asia/Tokyo',
      iso: '2025-03-01T12:34:56.000Z',
    });
    expect(() => byName.current_time?.handler({ timeZone: 'Mars/Olympus' })).toThrow(
      'Unknown time zone "Mars/Olympus"',
    );
  });

  it('runs through automatic function calling in a chat', async () => {
    const { runs, byName } = tools();
    const models = createMockAsyncModels([
      { functionCalls: [{ name: 'calculate', args: { expression: '2 ^ 8' }, id: 'c1' }] },
      { text: 'That is 256.' },
    ]);
    const chat = new AsyncChats(models).create({
      model: 'mock-1',
      config: { tools: Object.values(byName) },
    });
    expect((await chat.sendMessage('2^8?')).text).toBe('That is 256.');
    expect(runs).toHaveLength(1);
    expect(models.requests[1]?.contents.at(-1)?.parts[0]?.functionResponse).toEqual({
      id: 'c1',
      name: 'calculate',
      response: { result: 256 },
    });
  });
});
