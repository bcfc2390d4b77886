import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/create-memory-store';
import { type ScriptStep, scriptedModels } from '../test-utils/scripted-models';
import { functionTool } from '../tools/function-tool';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type {
  GenerateContentResponseInit,
  UsageMetadata,
} from '../types/generate-content-response';
import { AsyncChats, Chats } from './chats';

// Usage of a send with automatic function calling: the whole send's, with each round's kept.

const lookup = functionTool({
  name: 'lookup',
  description: 'Looks a word up',
  parametersJsonSchema: { type: 'object', properties: { word: { type: 'string' } } },
  handler: ({ word }) => ({ meaning: `the meaning of ${String(word)}` }),
});
const config: GenerateContentConfig = { tools: [lookup] };

const round1: UsageMetadata = {
  promptTokenCount: 10,
  candidatesTokenCount: 4,
  thoughtsTokenCount: 2,
  totalTokenCount: 16,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }],
};
const round2: UsageMetadata = {
  promptTokenCount: 30,
  candidatesTokenCount: 6,
  cachedContentTokenCount: 8,
  cacheWriteTokenCount: 5,
  totalTokenCount: 36,
};
const total: UsageMetadata = {
  promptTokenCount: 40,
  candidatesTokenCount: 10,
  thoughtsTokenCount: 2,
  cachedContentTokenCount: 8,
  cacheWriteTokenCount: 5,
  totalTokenCount: 52,
};

function callReply(usageMetadata?: UsageMetadata): GenerateContentResponseInit {
  return {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [{ functionCall: { name: 'lookup', args: { word: 'x' } } }],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    ...(usageMetadata && { usageMetadata }),
  };
}

function textReply(text: string, usageMetadata?: UsageMetadata): GenerateContentResponseInit {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    ...(usageMetadata && { usageMetadata }),
  };
}

/** A reply as a stream: the content, then a usage-only chunk (as OpenAI and Anthropic end). */
function streamed(reply: GenerateContentResponseInit): ScriptStep {
  const { usageMetadata, ...rest } = reply;
  return { chunks: usageMetadata ? [rest, { usageMetadata }] : [rest] };
}

type Mode = 'send' | 'stream';
const script = (mode: Mode, ...replies: GenerateContentResponseInit[]): ScriptStep[] =>
  replies.map((reply) => (mode === 'send' ? { response: reply } : streamed(reply)));

async function runAsync(mode: Mode, steps: ScriptStep[]) {
  const chat = new AsyncChats(scriptedModels(...steps).async).create({ model: 'm', config });
  let final: UsageMetadata | undefined;
  let error: unknown;
  try {
    if (mode === 'send') final = (await chat.sendMessage('define x')).usageMetadata;
    else for await (const chunk of await chat.sendMessageStream('define x')) void chunk;
  } catch (thrown) {
    error = thrown;
  }
  return { final, error, turn: chat.getTurns().at(-1) };
}

function runSync(mode: Mode, steps: ScriptStep[]) {
  const chat = new Chats(scriptedModels(...steps).sync).create({ model: 'm', config });
  let final: UsageMetadata | undefined;
  let error: unknown;
  try {
    if (mode === 'send') final = chat.sendMessage('define x').usageMetadata;
    else for (const chunk of chat.sendMessageStream('define x')) void chunk;
  } catch (thrown) {
    error = thrown;
  }
  return { final, error, turn: chat.getTurns().at(-1) };
}

describe.each([
  ['AsyncChat', runAsync],
  ['Chat', runSync],
] as const)('%s usage', (_kind, run) => {
  describe.each(['send', 'stream'] as const)('%s', (mode) => {
    it('records the sum over the rounds as the turn usage, and each round', async () => {
      const { final, turn } = await run(
        mode,
        script(mode, callReply(round1), textReply('x means y', round2)),
      );
      expect(turn?.status).toBe('complete');
      expect(turn?.usage).toEqual(total);
      expect(turn?.usageRounds).toEqual([round1, round2]);
      // sendMessage's reply carries the whole send's usage.
      if (mode === 'send') expect(final).toEqual(total);
    });

    it('keeps a one-round send as the provider reported it, without rounds', async () => {
      const { final, turn } = await run(mode, script(mode, textReply('hi', round1)));
      expect(turn?.usage).toEqual(round1);
      expect(turn?.usageRounds).toBeUndefined();
      if (mode === 'send') expect(final).toEqual(round1);
    });

    it('counts a round that reported no usage as {}', async () => {
      const { turn } = await run(mode, script(mode, callReply(), textReply('x means y', round2)));
      expect(turn?.usage).toEqual(round2);
      expect(turn?.usageRounds).toEqual([{}, round2]);
    });

    it('records no usage when no round reported any', async () => {
      const { turn } = await run(mode, script(mode, callReply(), textReply('x means y')));
      expect(turn?.usage).toBeUndefined();
      expect(turn?.usageRounds).toBeUndefined();
    });
  });

  it('keeps the rounds that finished on a turn interrupted later', async () => {
    const failing: ScriptStep = { chunks: [textReply('partial')], failAfter: 1 };
    const { error, turn } = await run('stream', [streamed(callReply(round1)), failing]);
    expect(error).toBeInstanceOf(Error);
    expect(turn?.status).toBe('interrupted');
    const { promptTokensDetails: _details, ...counts } = round1;
    expect(turn?.usage).toEqual(counts);
    expect(turn?.usageRounds).toEqual([round1, {}]);
  });
});

describe('usage with a session store', () => {
  it('is stored with the turn and comes back on resume', async () => {
    const store = createMemoryStore();
    const steps = script('send', callReply(round1), textReply('x means y', round2));
    const chat = new AsyncChats(scriptedModels(...steps).async, { store }).create({
      model: 'm',
      config,
      sessionId: 'usage-1',
    });
    await chat.sendMessage('define x');
    const resumed = await new AsyncChats(scriptedModels().async, { store }).resume('usage-1', {
      config,
    });
    const turn = resumed.getTurns().at(-1);
    expect(turn?.usage).toEqual(total);
    expect(turn?.usageRounds).toEqual([round1, round2]);
  });
});
