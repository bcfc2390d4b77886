import {
  decodeSession,
  type SessionFields,
  type SessionState,
} from '@colloquy/chat-core/store-kit';

/**
 * A session hash, as the scripts return it (flat field/value pairs), decoded. The hash's
 * fields are the store kit's `SessionFields`, so the kit decodes it (and refuses a corrupt
 * one naming the session).
 */
export function decodeSessionHash(sessionId: string, flat: string[]): SessionState {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string;
  return decodeSession({ ...(hash as unknown as SessionFields), id: sessionId });
}
