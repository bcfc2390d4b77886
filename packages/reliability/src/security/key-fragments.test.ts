import { AsyncChats } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { adapters } from '../harness/adapters';
import { LEAK_MARKER } from '../harness/canary-keys';
import { findLeaks } from '../harness/find-leaks';

/**
 * Error excerpts quote a bounded start of what the server sent. If the cut falls inside an
 * echoed key, the half that remains no longer matches the key and used to survive scrubbing:
 * "plainLEAKC". Any 8 characters of the key count as a leak here.
 */
function keyFragments(key: string, length = 8): string[] {
  return Array.from({ length: key.length - length + 1 }, (_, i) => key.slice(i, i + length));
}

function fragmentLeaks(error: unknown, key: string): string[] {
  return keyFragments(key).flatMap((fragment) =>
    findLeaks(error, fragment).map((where) => `${where}: ${fragment}`),
  );
}

/** Bodies whose excerpt window (800 characters) ends inside the key, at every offset. */
function pages(key: string): Array<{ name: string; contentType: string; body: string }> {
  const offsets = [1, 4, 9, key.length - 2];
  return offsets.flatMap((inside) => [
    {
      name: `plain text, cut ${inside} characters into the key`,
      contentType: 'text/plain',
      // Inner whitespace collapses in the excerpt, so the cut part of the key would show.
      body: `denied:${' '.repeat(800 - 7 - inside)}${key} is not a valid key`,
    },
    {
      name: `HTML, cut ${inside} characters into the key`,
      contentType: 'text/html',
      // Tags become spaces: "  " + newlines + " " puts the key at 800 - inside.
      body: `<html><body>${'\n'.repeat(797 - inside)} ${key}</body></html>`,
    },
  ]);
}

describe.each(adapters)(
  '$name: an error page echoing the key past the excerpt window',
  (adapter) => {
    // Plain (not key-shaped) so that only the adapter's `secrets` can catch it; and no word
    // an error message holds anyway (the provider's name), so any fragment found is a leak.
    const key = `plain${LEAK_MARKER}${adapter.name.length}q7x0193847562`;
    it.each(pages(key))(
      '$name: no fragment of the key in the error',
      async ({ contentType, body }) => {
        const fetch: typeof globalThis.fetch = async () =>
          new Response(body, { status: 401, headers: { 'content-type': contentType } });
        const models = adapter.createAsync({
          apiKey: key,
          baseUrl: 'http://127.0.0.1:9/v1',
          fetch,
          maxRetries: 0,
        });
        const chat = new AsyncChats(models).create({ model: adapter.model });
        const error = await chat.sendMessage('hi').then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect((error as Error | undefined)?.name).toBe('AuthenticationError');
        expect(fragmentLeaks(error, key)).toEqual([]);
      },
    );
  },
);
