// Every history rule as one table of cases, run against both Chat and AsyncChat, in both
// send modes where the rule applies.
import { describe, expect, it } from 'vitest';
import { ColloquyError } from '../errors/colloquy-error';
import { InvalidHistoryError } from '../errors/invalid-history-error';
import { StreamInterruptedError } from '../errors/stream-interrupted-error';
import type { TurnStatus } from '../history/turn-record';
import {
  chunksOf,
  type ScriptStep,
  scriptedModels,
  textReply,
} from '../test-utils/scripted-models';
import type { Content } from '../types/content';
import type { GenerateContentResponse } from '../types/generate-content-response';
import { AsyncChats, Chats, type CreateChatParameters } from './chats';

const u = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const m = (text: string): Content => ({ role: 'model', parts: [{ text }] });
const emptyModel: Content = { role: 'model', parts: [] };

type Mode = 'send' | 'stream';

interface Outcome {
  response?: GenerateContentResponse;
  chunks: GenerateContentResponse[];
  error?: unknown;
}

interface ChatLike {
  getHistory(curated?: boolean): Content[];
  getTurns(): { status: TurnStatus }[];
}

interface Driver {
  name: string;
  create(script: ScriptStep[], params: CreateChatParameters): ChatLike;
  send(chat: ChatLike, message: string, mode: Mode, breakAfter?: number): Promise<Outcome>;
}

const asyncDriver: Driver = {
  name: 'AsyncChat',
  create: (script, params) => new AsyncChats(scriptedModels(...script).async).create(params),
  async send(chat, message, mode, breakAfter) {
    const c = chat as ReturnType<AsyncChats['create']>;
    const chunks: GenerateContentResponse[] = [];
    try {
      if (mode === 'send') return { response: await c.sendMessage(message), chunks };
      for await (const chunk of await c.sendMessageStream(message)) {
        chunks.push(chunk);
        if (breakAfter !== undefined && chunks.length >= breakAfter) break;
      }
      return { chunks };
    } catch (error) {
      return { chunks, error };
    }
  },
};

const syncDriver: Driver = {
  name: 'Chat',
  create: (script, params) => new Chats(scriptedModels(...script).sync).create(params),
  async send(chat, message, mode, breakAfter) {
    const c = chat as ReturnType<Chats['create']>;
    const chunks: GenerateContentResponse[] = [];
    try {
      if (mode === 'send') return { response: c.sendMessage(message), chunks };
      for (const chunk of c.sendMessageStream(message)) {
        chunks.push(chunk);
        if (breakAfter !== undefined && chunks.length >= breakAfter) break;
      }
      return { chunks };
    } catch (error) {
      return { chunks, error };
    }
  },
};

interface RuleCase {
  rule: string;
  name: string;
  modes: Mode[];
  history?: Content[];
  /** The transport's answer to the one send, per mode. */
  reply: Partial<Record<Mode, ScriptStep>>;
  message?: string;
  breakAfter?: number;
  error?: (error: unknown) => boolean;
  comprehensive: Content[];
  curated: Content[];
  statuses: TurnStatus[];
}

const boom = new Error('network down');

const cases: RuleCase[] = [
  {
    rule: '3',
    name: 'given history: valid model runs kept, invalid runs dropped with their user turn',
    modes: ['send', 'stream'],
    history: [
      u('a'),
      m('1'),
      u('b'),
      emptyModel,
      u('c'),
      m('2'),
      m('3'),
      u('d'),
      m('4'),
      { role: 'model', parts: [{}] },
    ],
    reply: { send: { response: textReply('ok') }, stream: { chunks: chunksOf('o', 'k') } },
    comprehensive: [
      u('a'),
      m('1'),
      u('b'),
      emptyModel,
      u('c'),
      m('2'),
      m('3'),
      u('d'),
      m('4'),
      { role: 'model', parts: [{}] },
      u('hi'),
      m('ok'),
    ],
    curated: [u('a'), m('1'), u('c'), m('2'), m('3'), u('hi'), m('ok')],
    statuses: ['history', 'complete'],
  },
  {
    rule: '3',
    name: 'given history: consecutive user turns are all kept',
    modes: ['send'],
    history: [u('a=5'), u('b=10')],
    reply: { send: { response: textReply('15') } },
    comprehensive: [u('a=5'), u('b=10'), u('hi'), m('15')],
    curated: [u('a=5'), u('b=10'), u('hi'), m('15')],
    statuses: ['history', 'complete'],
  },
  {
    rule: '2',
    name: "{text: ''} is a valid part",
    modes: ['send', 'stream'],
    history: [u('a=5'), m('')],
    reply: { send: { response: textReply('') }, stream: { chunks: chunksOf('') } },
    comprehensive: [u('a=5'), m(''), u('hi'), m('')],
    curated: [u('a=5'), m(''), u('hi'), m('')],
    statuses: ['history', 'complete'],
  },
  {
    rule: '2, 4',
    name: 'a response without candidates records an empty model turn, outside curated',
    modes: ['send', 'stream'],
    reply: {
      send: { response: { promptFeedback: { blockReason: 'SAFETY' } } },
      stream: { chunks: [{ promptFeedback: { blockReason: 'SAFETY' } }] },
    },
    comprehensive: [u('hi'), emptyModel],
    curated: [],
    statuses: ['invalid'],
  },
  {
    rule: '2, 4',
    name: 'a content with an empty part is invalid',
    modes: ['send', 'stream'],
    reply: {
      send: {
        response: {
          candidates: [
            { content: { role: 'model', parts: [{ text: 'x' }, {}] }, finishReason: 'STOP' },
          ],
        },
      },
      stream: {
        chunks: [
          {
            candidates: [
              { content: { role: 'model', parts: [{ text: 'x' }, {}] }, finishReason: 'STOP' },
            ],
          },
        ],
      },
    },
    comprehensive: [u('hi'), { role: 'model', parts: [{ text: 'x' }, {}] }],
    curated: [],
    statuses: ['invalid'],
  },
  {
    rule: '2, 4',
    name: 'a candidate with empty parts is invalid and recorded as an empty model turn',
    modes: ['send', 'stream'],
    reply: {
      send: {
        response: { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP' }] },
      },
      stream: {
        chunks: [{ candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP' }] }],
      },
    },
    comprehensive: [u('hi'), emptyModel],
    curated: [],
    statuses: ['invalid'],
  },
  {
    rule: '4',
    name: 'a valid reply enters both histories',
    modes: ['send', 'stream'],
    history: [u('a'), m('1')],
    reply: { send: { response: textReply('hello') }, stream: { chunks: chunksOf('hel', 'lo') } },
    comprehensive: [u('a'), m('1'), u('hi'), m('hello')],
    curated: [u('a'), m('1'), u('hi'), m('hello')],
    statuses: ['history', 'complete'],
  },
  {
    rule: '5',
    name: 'chunks are coalesced into one content; a metadata-only last chunk is neutral',
    modes: ['stream'],
    reply: { stream: { chunks: chunksOf('The', ' sky', ' is blue') } },
    comprehensive: [u('hi'), m('The sky is blue')],
    curated: [u('hi'), m('The sky is blue')],
    statuses: ['complete'],
  },
  {
    rule: '5',
    name: 'a stream without a finish reason is invalid',
    modes: ['stream'],
    reply: { stream: { chunks: [{ candidates: [{ content: m('partial') }] }] } },
    comprehensive: [u('hi'), m('partial')],
    curated: [],
    statuses: ['invalid'],
  },
  {
    rule: '5',
    name: 'a blocked finish reason on a part-less chunk invalidates the turn',
    modes: ['stream'],
    reply: {
      stream: {
        chunks: [
          { candidates: [{ content: m('Some') }] },
          { candidates: [{ finishReason: 'SAFETY' }] },
        ],
      },
    },
    comprehensive: [u('hi'), m('Some')],
    curated: [],
    statuses: ['invalid'],
  },
  {
    rule: '5',
    name: 'an invalid chunk invalidates the whole turn',
    modes: ['stream'],
    reply: {
      stream: {
        chunks: [
          { candidates: [{ content: m('a') }] },
          { candidates: [{ content: { role: 'model', parts: [{}] } }] },
          { candidates: [{ finishReason: 'STOP' }] },
        ],
      },
    },
    comprehensive: [u('hi'), { role: 'model', parts: [{ text: 'a' }, {}] }],
    curated: [],
    statuses: ['invalid'],
  },
  {
    rule: '6',
    name: 'a transport failure before any output records nothing',
    modes: ['send', 'stream'],
    history: [u('a'), m('1')],
    reply: { send: { error: boom }, stream: { error: boom } },
    error: (e) => e === boom,
    comprehensive: [u('a'), m('1')],
    curated: [u('a'), m('1')],
    statuses: ['history'],
  },
  {
    rule: '6',
    name: 'a stream failing before its first chunk records nothing',
    modes: ['stream'],
    reply: { stream: { chunks: chunksOf('a'), failAfter: 0, error: boom } },
    error: (e) => e === boom,
    comprehensive: [],
    curated: [],
    statuses: [],
  },
  {
    rule: '6',
    name: 'a stream failing after output records the partial turn as interrupted',
    modes: ['stream'],
    history: [u('a'), m('1')],
    reply: {
      stream: {
        chunks: chunksOf('Hel', 'lo'),
        failAfter: 1,
        error: new StreamInterruptedError({ chunksReceived: 1 }),
      },
    },
    error: (e) => StreamInterruptedError.isInstance(e),
    comprehensive: [u('a'), m('1'), u('hi'), m('Hel')],
    curated: [u('a'), m('1')],
    statuses: ['history', 'interrupted'],
  },
  {
    rule: '6',
    name: 'a stream abandoned with break records the partial turn as interrupted',
    modes: ['stream'],
    reply: { stream: { chunks: chunksOf('one', ' two', ' three') } },
    breakAfter: 2,
    comprehensive: [u('hi'), m('one two')],
    curated: [],
    statuses: ['interrupted'],
  },
];

describe.each([asyncDriver, syncDriver])('history rules on $name', (driver) => {
  for (const c of cases) {
    for (const mode of c.modes) {
      it(`rule ${c.rule} (${mode}): ${c.name}`, async () => {
        const step = c.reply[mode] as ScriptStep;
        const chat = driver.create([step], { model: 'm', history: c.history });
        const outcome = await driver.send(chat, c.message ?? 'hi', mode, c.breakAfter);
        if (c.error) expect(c.error(outcome.error)).toBe(true);
        else expect(outcome.error).toBeUndefined();
        expect(chat.getHistory()).toEqual(c.comprehensive);
        expect(chat.getHistory(true)).toEqual(c.curated);
        expect(chat.getTurns().map((t) => t.status)).toEqual(c.statuses);
      });
    }
  }

  it('rule 1: a history role other than user or model throws, naming index and role', () => {
    let caught: unknown;
    try {
      driver.create([], {
        model: 'm',
        history: [u('a'), { role: 'system', parts: [{ text: 'x' }] } as unknown as Content],
      });
    } catch (error) {
      caught = error;
    }
    expect(InvalidHistoryError.isInstance(caught)).toBe(true);
    const error = caught as InvalidHistoryError;
    expect(error.index).toBe(1);
    expect(error.role).toBe('system');
    expect(error.message).toContain('content 1');
    expect(error.message).toContain('"system"');
  });

  it('rule 4: turns alternate after a run of mixed valid and invalid sends', async () => {
    const chat = driver.create(
      [{ response: textReply('one') }, { response: {} }, { chunks: chunksOf('three') }],
      { model: 'm' },
    );
    await driver.send(chat, 'a', 'send');
    await driver.send(chat, 'b', 'send');
    await driver.send(chat, 'c', 'stream');
    expect(chat.getHistory().map((c) => c.role)).toEqual([
      'user',
      'model',
      'user',
      'model',
      'user',
      'model',
    ]);
    expect(chat.getHistory(true)).toEqual([u('a'), m('one'), u('c'), m('three')]);
    expect(chat.getTurns().map((t) => t.status)).toEqual(['complete', 'invalid', 'complete']);
  });

  it('rule 6: the interrupted turn carries its reason, and the next send goes on', async () => {
    const chat = driver.create(
      [{ chunks: chunksOf('x', 'y'), failAfter: 1, error: boom }, { response: textReply('fine') }],
      { model: 'm' },
    );
    const failed = await driver.send(chat, 'a', 'stream');
    expect(failed.error).toBe(boom);
    const ok = await driver.send(chat, 'b', 'send');
    expect(ok.response?.text).toBe('fine');
    const turns = chat.getTurns();
    expect(turns[0]).toMatchObject({ status: 'interrupted', reason: 'Error: network down' });
    expect(chat.getHistory(true)).toEqual([u('b'), m('fine')]);
  });

  it('getHistory returns copies: changing them does not change the session', async () => {
    const chat = driver.create([{ response: textReply('r') }], {
      model: 'm',
      history: [u('a'), m('1')],
    });
    await driver.send(chat, 'b', 'send');
    for (const curated of [false, true]) {
      const copy = chat.getHistory(curated);
      (copy[0] as Content).parts.push({ text: 'tampered' });
      copy.pop();
    }
    expect(chat.getHistory()).toEqual([u('a'), m('1'), u('b'), m('r')]);
    expect(chat.getHistory(true)).toEqual([u('a'), m('1'), u('b'), m('r')]);
  });

  it('the given history is copied: changing it later does not change the session', () => {
    const history = [u('a'), m('1')];
    const chat = driver.create([], { model: 'm', history });
    (history[0] as Content).parts[0] = { text: 'changed' };
    history.push(u('extra'));
    expect(chat.getHistory()).toEqual([u('a'), m('1')]);
  });

  it('a returned response can be changed without reaching the history', async () => {
    const chat = driver.create([{ response: textReply('r') }], { model: 'm' });
    const { response } = await driver.send(chat, 'a', 'send');
    response?.candidates?.[0]?.content?.parts.push({ text: 'tampered' });
    expect(chat.getHistory()).toEqual([u('a'), m('r')]);
  });

  it('an open stream blocks nothing once it is consumed; errors are ColloquyErrors or the transport error', async () => {
    const chat = driver.create([{ chunks: chunksOf('a') }, { chunks: chunksOf('b') }], {
      model: 'm',
    });
    await driver.send(chat, 'x', 'stream');
    const second = await driver.send(chat, 'y', 'stream');
    expect(second.error).toBeUndefined();
    expect(ColloquyError.isInstance(second.error)).toBe(false);
    expect(chat.getHistory(true)).toEqual([u('x'), m('a'), u('y'), m('b')]);
  });
});
