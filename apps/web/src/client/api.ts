import type { Content, SessionHead, StoredTurn } from '@colloquy/chat-core';

/** A failed API call, with the server's `{ error: { name, message } }` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ServerInfo {
  provider?: string;
  model: string;
  models: string[];
}

export interface SessionView {
  session: SessionHead;
  turns: StoredTurn[];
  /** The turn running now: its number and the input sent so far. */
  pending?: { turn: number; contents: Content[] };
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { name?: unknown; message?: unknown } };
    const { name, message } = body.error ?? {};
    if (typeof name === 'string' && typeof message === 'string') {
      return new ApiError(response.status, name, message);
    }
  } catch {
    // Not the server's JSON error (a proxy's page, say): described by its status below.
  }
  return new ApiError(
    response.status,
    'HttpError',
    `The server answered ${response.status} ${response.statusText}. Try again.`,
  );
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`/api${path}`, { ...init, headers });
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await call(path, init)).json()) as T;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

export const api = {
  info: () => json<ServerInfo>('/info'),

  /** The caller's sessions, every page. */
  async sessions(): Promise<SessionHead[]> {
    const all: SessionHead[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`;
      const page = await json<{ sessions: SessionHead[]; cursor?: string }>(`/sessions${query}`);
      all.push(...page.sessions);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return all;
  },

  session: (id: string) => json<SessionView>(`/sessions/${encodeURIComponent(id)}`),

  create: (metadata: Record<string, unknown>) =>
    json<{ sessionId: string }>('/sessions', post({ metadata })),

  fork: (id: string) =>
    json<{ sessionId: string }>(`/sessions/${encodeURIComponent(id)}/fork`, post({})),

  async remove(id: string): Promise<void> {
    await call(`/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },

  async cancel(id: string): Promise<void> {
    await call(`/sessions/${encodeURIComponent(id)}/cancel`, post({}));
  },

  /** Sends a message; the response is the reply's event stream. */
  send: (id: string, message: string) =>
    call(`/sessions/${encodeURIComponent(id)}/messages`, post({ message })),

  /**
   * The turn's events after `lastEventId` (`<turn>.<n>`), then live; undefined when there is
   * nothing to resume (the turn finished a while ago, or `lastEventId` was its end).
   */
  async resume(id: string, lastEventId: string): Promise<Response | undefined> {
    const response = await call(`/sessions/${encodeURIComponent(id)}/stream`, {
      headers: { 'last-event-id': lastEventId },
    });
    return response.status === 204 ? undefined : response;
  },
};
