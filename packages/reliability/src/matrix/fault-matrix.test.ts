import { AsyncChats, type AsyncModels, Chats, type Content } from '@colloquy/chat-core';
import type { LoggedRequest, ProviderName } from '@colloquy/test-server';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters, type ClosableModels } from '../harness/adapters';
import { canaryKeys } from '../harness/canary-keys';
import {
  type Delivery,
  type DrivenChat,
  drivenAsyncChat,
  drivenSyncChat,
  type Mode,
  type SendOutcome,
} from '../harness/chat-driver';
import { findLeaks } from '../harness/find-leaks';
import { writeReportArtifact } from '../harness/report-artifact';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';
import { type Expected, faultCases } from './fault-cases';
import { type Observation, renderMatrix } from './matrix-report';
import { MATRIX_SETTINGS } from './matrix-settings';

/** Every chat starts from one complete exchange, so "unchanged" is not trivially empty. */
const WARM_UP: Content[] = [
  { role: 'user', parts: [{ text: 'Warm-up: what is 2 + 2?' }] },
  { role: 'model', parts: [{ text: '4' }] },
];

const unhandled = collectUnhandledRejections();
const observations: Observation[] = [];
let host: FakeServerThread;
const asyncModels = new Map<ProviderName, AsyncModels>();
const syncModels = new Map<ProviderName, ClosableModels>();

beforeAll(async () => {
  host = await startFakeServerThread(
    Object.fromEntries(adapters.map((a) => [a.name, { apiKey: canaryKeys[a.name] }])),
  );
  for (const adapter of adapters) {
    const settings = {
      ...MATRIX_SETTINGS,
      apiKey: canaryKeys[adapter.name],
      baseUrl: host.baseUrlFor(adapter.name),
    };
    asyncModels.set(adapter.name, adapter.createAsync(settings));
    syncModels.set(adapter.name, adapter.createSync(settings));
  }
});

afterAll(async () => {
  for (const models of syncModels.values()) models.close?.();
  await host?.close();
  const expected = faultCases.length * adapters.length * 4;
  // A filtered run (-t) must not overwrite the full table with a partial one.
  if (observations.length === expected) {
    writeReportArtifact(
      'fault-matrix',
      renderMatrix(
        observations,
        adapters.map((a) => a.name),
      ),
    );
  }
  expect(unhandled.reasons).toEqual([]);
});

function textOf(content: Content | undefined): string {
  return (content?.parts ?? []).map((part) => part.text ?? '').join('');
}

/** A request as role/text pairs, the way the fake's neutral form reports it. */
function conversationOf(request: LoggedRequest): Array<{ role: string; text: string }> {
  return (request.parsed?.messages ?? [])
    .filter((message) => message.role !== 'system')
    .map((message) => ({ role: message.role, text: message.text }));
}

function expectedConversation(history: readonly Content[], message: string) {
  return [
    ...history.map((content) => ({
      role: content.role === 'model' ? 'assistant' : 'user',
      text: textOf(content),
    })),
    { role: 'user', text: message },
  ];
}

function describeOutcome(outcome: SendOutcome, requests: number, turnStatus: string | undefined) {
  if (outcome.ok) {
    const retries = requests - 1;
    return retries === 0 ? 'ok' : `ok after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
  }
  const error = outcome.error as { name?: string; phase?: string };
  const name = error?.name ?? String(outcome.error);
  const phase = name === 'TimeoutError' && error.phase ? ` (${error.phase})` : '';
  return `${name}${phase}${turnStatus === 'interrupted' ? ', interrupted turn' : ''}`;
}

/** The checks of one send against what the case expects; returns what went wrong. */
function checkOutcome(
  expected: Expected,
  outcome: SendOutcome,
  requests: readonly LoggedRequest[],
  chat: DrivenChat,
  message: string,
): string[] {
  const problems: string[] = [];
  const curated = chat.getHistory(true);
  const comprehensive = chat.getHistory(false);
  const turns = chat.getTurns();
  const last = turns.at(-1);
  const sent = expectedConversation(WARM_UP, message);
  requests.forEach((request, i) => {
    if (JSON.stringify(conversationOf(request)) !== JSON.stringify(sent)) {
      problems.push(`request ${i + 1} carried ${JSON.stringify(conversationOf(request))}`);
    }
  });
  if (expected.outcome === 'ok') {
    if (!outcome.ok) {
      const error = outcome.error as Error;
      problems.push(`expected success, got ${error?.name}: ${error?.message}`);
      return problems;
    }
    if (requests.length !== expected.retries + 1) {
      problems.push(`expected ${expected.retries + 1} request(s), the fake saw ${requests.length}`);
    }
    if (expected.text !== undefined && outcome.text !== expected.text) {
      problems.push(
        `text ${JSON.stringify(outcome.text)}, expected ${JSON.stringify(expected.text)}`,
      );
    }
    if (curated.length !== WARM_UP.length + 2 || textOf(curated.at(-1)) !== outcome.text) {
      problems.push(`curated history after success: ${JSON.stringify(curated)}`);
    }
    if (JSON.stringify(comprehensive) !== JSON.stringify(curated)) {
      problems.push('comprehensive history differs from curated after success');
    }
    if (last?.status !== 'complete') problems.push(`last turn status ${last?.status}`);
    return problems;
  }
  if (outcome.ok) {
    problems.push(
      `expected ${expected.error.name}, got success after ${requests.length} request(s): ${JSON.stringify(outcome.text)}`,
    );
    return problems;
  }
  const error = outcome.error as Error;
  if (!expected.error.isInstance(error) || error.name !== expected.error.name) {
    problems.push(`expected ${expected.error.name}, got ${error?.name}: ${error?.message}`);
  }
  const extra = expected.check?.(error);
  if (extra) problems.push(extra);
  if (requests.length !== expected.requests) {
    problems.push(`expected ${expected.requests} request(s), the fake saw ${requests.length}`);
  }
  if (JSON.stringify(curated) !== JSON.stringify(WARM_UP)) {
    problems.push(`curated history changed: ${JSON.stringify(curated)}`);
  }
  if (expected.history === 'unchanged') {
    if (JSON.stringify(comprehensive) !== JSON.stringify(WARM_UP)) {
      problems.push(`comprehensive history gained ${JSON.stringify(comprehensive.slice(2))}`);
    }
    if (turns.length !== 1)
      problems.push(`${turns.length - 1} turn(s) recorded for a failure before output`);
    return problems;
  }
  const recorded = comprehensive.slice(WARM_UP.length);
  if (
    recorded.length !== 2 ||
    textOf(recorded[0]) !== message ||
    recorded[1]?.role !== 'model' ||
    (expected.partialText !== undefined && textOf(recorded[1]) !== expected.partialText)
  ) {
    problems.push(`interrupted turn recorded as ${JSON.stringify(recorded)}`);
  }
  if (last?.status !== 'interrupted') problems.push(`last turn status ${last?.status}`);
  else if (!last.reason?.includes(error?.name ?? '?')) problems.push(`turn reason ${last.reason}`);
  return problems;
}

describe.each(adapters)('$name', (adapter) => {
  describe.each(['async', 'sync'] as const)('%s', (mode: Mode) => {
    describe.each(['stream', 'unary'] as const)('%s', (delivery: Delivery) => {
      it.each(faultCases)('$id', async (faultCase) => {
        const context = { adapter, delivery };
        const expected = faultCase.expect(context);
        await host.reset();
        await host.enqueue(adapter.name, ...faultCase.replies(context));
        const setup = { model: adapter.model, history: WARM_UP };
        const chat =
          mode === 'sync'
            ? drivenSyncChat(new Chats(syncModels.get(adapter.name) as ClosableModels), setup)
            : drivenAsyncChat(new AsyncChats(asyncModels.get(adapter.name) as AsyncModels), setup);

        const message = `[${adapter.name} ${mode} ${delivery}] ${faultCase.id}`;
        const outcome = await chat.send(message, delivery);
        const requests = await host.requests(adapter.name);
        const problems = checkOutcome(expected, outcome, requests, chat, message);
        const left = await host.pending(adapter.name);
        if (left !== 0) problems.push(`${left} scripted repl(ies) left unused`);
        if (!outcome.ok) {
          const leaks = findLeaks(outcome.error);
          if (leaks.length > 0) problems.push(`the API key leaked in ${leaks.join(', ')}`);
        }
        if (JSON.stringify(chat.getTurns()).includes('LEAKCANARY')) {
          problems.push('the API key is in the history');
        }
        const turnStatus = chat.getTurns().length > 1 ? chat.getTurns().at(-1)?.status : undefined;

        // The next send on the same chat succeeds and carries exactly the curated history.
        const before = chat.getHistory(true);
        const next = `${message}, then again`;
        const nextOutcome = await chat.send(next, delivery);
        const nextRequests = (await host.requests(adapter.name)).slice(requests.length);
        if (!nextOutcome.ok || nextOutcome.text !== `Echo: ${next}`) {
          const error = nextOutcome.error as Error | undefined;
          problems.push(
            `next send: ${error ? `${error.name}: ${error.message}` : nextOutcome.text}`,
          );
        } else if (
          nextRequests.length !== 1 ||
          JSON.stringify(conversationOf(nextRequests[0] as LoggedRequest)) !==
            JSON.stringify(expectedConversation(before, next))
        ) {
          problems.push(`next send carried ${JSON.stringify(nextRequests.map(conversationOf))}`);
        } else if (chat.getHistory(true).length !== before.length + 2) {
          problems.push('next send did not join the curated history');
        }

        observations.push({
          caseId: faultCase.id,
          title: faultCase.title,
          adapter: adapter.name,
          mode,
          delivery,
          outcome: describeOutcome(outcome, requests.length, turnStatus),
          passed: problems.length === 0,
          problems,
        });
        expect(problems).toEqual([]);
      });
    });
  });
});
