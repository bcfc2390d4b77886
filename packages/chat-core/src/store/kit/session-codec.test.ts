import { describe, expect, it } from 'vitest';
import { SessionCorruptError } from '../../errors/session-corrupt-error';
import { listPage } from './list-page';
import {
  decodeSession,
  decodeTurn,
  encodeHead,
  encodeSessionWrite,
  encodeTurn,
} from './session-codec';
import type { SessionState } from './session-state';

const head = encodeHead({ model: 'm', metadata: { a: 1 } });

describe('decodeSession', () => {
  it('reads numbers given as strings (SQL BIGINTs, Redis hash values) and absent fields as null or undefined', () => {
    expect(
      decodeSession({
        id: 's',
        ownerId: null,
        version: '3',
        turnCount: '2',
        createdAt: '10',
        updatedAt: 20,
        expiresAt: undefined,
        head,
        pendingTurnId: 't3',
        pendingSeq: '3',
        pendingContents: '[]',
        leaseExpiresAt: '99',
      }),
    ).toStrictEqual({
      head: {
        id: 's',
        model: 'm',
        metadata: { a: 1 },
        version: 3,
        turnCount: 2,
        createdAt: 10,
        updatedAt: 20,
      },
      pending: { turnId: 't3', seq: 3, contents: [], leaseExpiresAt: 99 },
    });
  });

  it.each([
    ['a head that is not JSON', { head: '{' }],
    ['a head without a model', { head: '{"config":{}}' }],
    ['pending contents that are not a list', { pendingTurnId: 't', pendingContents: '{}' }],
  ])('refuses %s with SessionCorruptError naming the session', (_, fields) => {
    const decode = () =>
      decodeSession({
        id: 's',
        version: 1,
        turnCount: 0,
        createdAt: 1,
        updatedAt: 1,
        head,
        ...fields,
      });
    expect(decode).toThrow(SessionCorruptError);
    expect(decode).toThrow(/"s"/);
  });
});

describe('encodeSessionWrite', () => {
  it('writes what decodeSession reads back, with null for no expiry and nothing pending', () => {
    const state: SessionState = {
      head: {
        id: 's',
        model: 'm',
        version: 2,
        turnCount: 1,
        createdAt: 1,
        updatedAt: 5,
        expiresAt: 9,
      },
      pending: {
        turnId: 't2',
        seq: 2,
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        leaseExpiresAt: 7,
      },
    };
    const written = encodeSessionWrite(state);
    expect(decodeSession({ ...written, createdAt: 1, head: encodeHead(state.head) })).toEqual(
      state,
    );
    expect(encodeSessionWrite({ head: { ...state.head, expiresAt: undefined } })).toMatchObject({
      expiresAt: null,
      pendingTurnId: null,
      pendingSeq: null,
      pendingContents: null,
      leaseExpiresAt: null,
    });
  });
});

describe('decodeTurn', () => {
  const turn = { turnId: 't1', status: 'complete' as const, contents: [] };

  it('takes the turn id from its own field, or from the record', () => {
    expect(decodeTurn('s', 1, encodeTurn(turn), 't1')).toEqual({ ...turn, seq: 1 });
    expect(decodeTurn('s', 1, JSON.stringify(turn))).toEqual({ ...turn, seq: 1 });
  });

  it.each([
    ['not JSON', '{'],
    ['an unknown status', JSON.stringify({ ...turn, status: 'done' })],
    ['no contents', JSON.stringify({ turnId: 't1', status: 'complete' })],
    ['no turn id', JSON.stringify({ status: 'complete', contents: [] })],
  ])('refuses a record with %s, naming the session and the turn', (_, text) => {
    expect(() => decodeTurn('s', 2, text)).toThrow(SessionCorruptError);
    expect(() => decodeTurn('s', 2, text)).toThrow(/"s".*turn 2/);
  });
});

describe('listPage', () => {
  const rows = ['a', 'b', 'c'].map((id) => ({ id }));
  const decode = ({ id }: { id: string }) => {
    if (id === 'b')
      decodeSession({ id, version: 1, turnCount: 0, createdAt: 1, updatedAt: 1, head: '' });
    return { id, model: 'm', version: 1, turnCount: 0, createdAt: 1, updatedAt: 1 };
  };

  it('leaves a corrupt session out and gives the last id on the page as the cursor when there is more', () => {
    expect(listPage(rows, 2, decode)).toEqual({ sessions: [decode({ id: 'a' })], cursor: 'b' });
    expect(listPage(rows, 3, decode)).toEqual({
      sessions: [decode({ id: 'a' }), decode({ id: 'c' })],
    });
    expect(listPage(rows.slice(0, 1), 1, decode, true).cursor).toBe('a');
  });

  it('lets a failure that is not a verdict on the data through', () => {
    expect(() =>
      listPage(rows, 3, () => {
        throw new Error('disk');
      }),
    ).toThrow('disk');
  });
});
