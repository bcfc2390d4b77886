import { randomUUID } from 'node:crypto';

/** The cookie holding the browser's anonymous owner id: whose sessions it sees. */
const OWNER_COOKIE = 'colloquy_owner';

const OWNER_ID = /^[0-9a-f-]{36}$/;

/** The request's owner id, when it carries a well-formed owner cookie. */
export function ownerOf(request: Request): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const pair of header.split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === OWNER_COOKIE && value !== undefined && OWNER_ID.test(value)) return value;
  }
  return undefined;
}

/**
 * A `Set-Cookie` value giving the browser a new anonymous owner id. HttpOnly: scripts never
 * see it; SameSite=Lax: another site cannot post to the API with it. A year, so a browser
 * keeps its conversations.
 */
export function newOwnerCookie(): string {
  return `${OWNER_COOKIE}=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`;
}
