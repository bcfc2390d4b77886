import { describe, expect, it } from 'vitest';
import { newOwnerCookie, ownerOf } from './owner-cookie';

const withCookie = (cookie: string) =>
  new Request('http://localhost/api/sessions', { headers: { cookie } });

describe('ownerOf', () => {
  it('reads the owner id the cookie set, among other cookies', () => {
    const pair = newOwnerCookie().split(';')[0] ?? '';
    const id = pair.split('=')[1];
    expect(ownerOf(withCookie(`theme=dark; ${pair}; lang=en`))).toBe(id);
  });

  it('is undefined with no cookie or a malformed one (the API then answers 401)', () => {
    expect(ownerOf(new Request('http://localhost/'))).toBeUndefined();
    expect(ownerOf(withCookie('colloquy_owner=admin'))).toBeUndefined();
  });

  it('gives each browser a different id', () => {
    expect(newOwnerCookie()).not.toBe(newOwnerCookie());
  });
});
