import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractCuratedHistory } from '../history/extract-curated-history';
import {
  chunksOf,
  type ScriptStep,
  scriptedModels,
  textReply,
} from '../test-utils/scripted-models';
import { AsyncChats } from './chats';

// Whatever mix of valid, invalid, failed and interrupted sends a chat goes through, its
// incrementally kept curated history is exactly its complete turns, and agrees with rule 3
// wherever content validity alone decides (a stream without a finish reason is invalid by
// rule 5 even when its content is valid, so it is left out of that comparison).
const outcome = fc.constantFrom(
  'valid',
  'empty',
  'blocked',
  'fail',
  'stream',
  'stream-fail',
  'stream-nofinish',
);

function stepFor(kind: string, i: number): ScriptStep {
  switch (kind) {
    case 'valid':
      return { response: textReply(`r${i}`) };
    case 'empty':
      return { response: { candidates: [{ content: { role: 'model', parts: [] } }] } };
    case 'blocked':
      return { response: { promptFeedback: { blockReason: 'SAFETY' } } };
    case 'fail':
      return { error: new Error('x') };
    case 'stream':
      return { chunks: chunksOf(`s${i}`, '!') };
    case 'stream-fail':
      return { chunks: chunksOf(`p${i}`, '?'), failAfter: 1 };
    default:
      return { chunks: [{ candidates: [{ content: { role: 'model', parts: [{ text: 'n' }] } }] }] };
  }
}

describe('session histories under random sends', () => {
  it('curated equals rule 3 applied to the recorded complete and invalid turns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(outcome, { maxLength: 15 }), async (kinds) => {
        const models = scriptedModels(...kinds.map(stepFor));
        const chat = new AsyncChats(models.async).create({ model: 'm' });
        for (const [i, kind] of kinds.entries()) {
          try {
            if (kind.startsWith('stream')) {
              for await (const _ of await chat.sendMessageStream(`q${i}`)) {
                // consume
              }
            } else {
              await chat.sendMessage(`q${i}`);
            }
          } catch {
            // failures are part of the property
          }
        }
        const turns = chat.getTurns();
        expect(chat.getHistory(true)).toEqual(
          turns.filter((t) => t.status === 'complete').flatMap((t) => t.contents),
        );
        if (!kinds.includes('stream-nofinish')) {
          const judged = turns.filter((t) => t.status !== 'interrupted').flatMap((t) => t.contents);
          expect(chat.getHistory(true)).toEqual(extractCuratedHistory(judged));
        }
        expect(chat.getHistory()).toEqual(turns.flatMap((t) => t.contents));
        // Every request was the curated history so far plus the new user turn.
        for (const request of models.requests) {
          expect(request.contents[request.contents.length - 1]?.role).toBe('user');
        }
      }),
      { numRuns: 150 },
    );
  });
});
