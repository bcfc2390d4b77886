import { InvalidHistoryError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { PendingCalls } from './pending-calls';
import { synthesizeCallId } from './synthesize-call-id';

describe('PendingCalls', () => {
  it("keeps a call's own id, and gives a call without one a stable id", () => {
    const calls = new PendingCalls();
    expect(calls.add({ id: 'c1', name: 'f' }, 0, 0)).toBe('c1');
    expect(calls.add({ name: 'g' }, 3, 1)).toBe(
      synthesizeCallId({ turnIndex: 3, partIndex: 1, name: 'g' }),
    );
    expect(calls.add({ id: '', name: 'g' }, 3, 2)).toBe(
      synthesizeCallId({ turnIndex: 3, partIndex: 2, name: 'g' }),
    );
  });

  it('pairs responses without an id with the earliest unanswered call of their name', () => {
    const calls = new PendingCalls();
    const first = calls.add({ name: 'f' }, 0, 0);
    const second = calls.add({ name: 'f' }, 0, 1);
    expect(calls.idFor({ name: 'f', response: {} }, 1)).toBe(first);
    expect(calls.idFor({ name: 'f', response: {} }, 1)).toBe(second);
    expect(calls.idFor({ id: 'own', name: 'f', response: {} }, 1)).toBe('own');
  });

  it('lets responses with ids claim their calls first, so id-less ones take the rest', () => {
    const calls = new PendingCalls();
    const first = calls.add({ name: 'f' }, 0, 0);
    const second = calls.add({ name: 'f' }, 0, 1);
    const parts = [
      { functionResponse: { name: 'f', response: {} } },
      { functionResponse: { id: first, name: 'f', response: {} } },
    ];
    calls.claim(parts);
    expect(calls.idFor({ name: 'f', response: {} }, 1)).toBe(second);
  });

  it('refuses a response without an id that no call is left for, and forgets calls on clear', () => {
    const calls = new PendingCalls();
    calls.add({ name: 'f' }, 0, 0);
    calls.clear();
    const call = () => calls.idFor({ name: 'f', response: {} }, 1);
    expect(call).toThrow(InvalidHistoryError);
    expect(call).toThrow(/content 1 answers function "f" without an id/);
  });
});
