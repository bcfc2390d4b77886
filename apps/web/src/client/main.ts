import type { SessionHead, StoredTurn } from '@colloquy/chat-core';
import { ApiError, api, type ServerInfo } from './api';
import { readEvents } from './read-events';
import { storedTurnView, TurnView } from './turn-view';

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no #${id}`);
  return node as T;
}

const ui = {
  info: byId('info'),
  sessionModel: byId('session-model'),
  sessions: byId<HTMLUListElement>('sessions'),
  newChat: byId<HTMLButtonElement>('new-chat'),
  conversation: byId('conversation'),
  notice: byId('notice'),
  composer: byId<HTMLFormElement>('composer'),
  message: byId<HTMLTextAreaElement>('message'),
  send: byId<HTMLButtonElement>('send'),
  stop: byId<HTMLButtonElement>('stop'),
};

/** The open session (also in the URL hash, so a reload or a second tab opens the same one). */
let current: string | undefined;
/** The reply this page is following, if any: stops our reading (never the turn) when we leave. */
let following: AbortController | undefined;
/** What the server runs on; new sessions get its model. */
let serverInfo: ServerInfo | undefined;

function say(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return String(error);
}

/** A problem not tied to a turn, in plain words, above the composer. */
function notify(message: string | undefined): void {
  ui.notice.textContent = message ?? '';
  ui.notice.hidden = message === undefined;
}

function setBusy(busy: boolean): void {
  ui.send.disabled = busy;
  ui.stop.hidden = !busy;
}

function sessionFromHash(): string | undefined {
  const id = decodeURIComponent(location.hash.slice(1));
  return id === '' ? undefined : id;
}

function titleOf(head: SessionHead): string {
  const title = head.metadata?.title;
  return typeof title === 'string' && title !== '' ? title : `Conversation ${head.id.slice(0, 8)}`;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const node = document.createElement('button');
  node.type = 'button';
  node.textContent = label;
  node.title = title;
  node.setAttribute('aria-label', title);
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return node;
}

async function refreshSessions(): Promise<void> {
  const sessions = (await api.sessions()).sort((a, b) => b.updatedAt - a.updatedAt);
  ui.sessions.replaceChildren(
    ...sessions.map((head) => {
      const item = document.createElement('li');
      item.dataset.id = head.id;
      if (head.id === current) item.setAttribute('aria-current', 'true');
      const open = button(titleOf(head), `Open: ${titleOf(head)}`, () => {
        location.hash = head.id;
      });
      open.className = 'open';
      const turns = document.createElement('small');
      turns.textContent = `${head.turnCount} turn${head.turnCount === 1 ? '' : 's'}`;
      open.append(turns);
      item.append(
        open,
        button('Fork', 'Fork this conversation', () => void fork(head.id)),
        button('✕', 'Delete this conversation', () => void remove(head.id)),
      );
      return item;
    }),
  );
}

/** How many times in a row the page asks again for a reply whose connection failed. */
const RECONNECT_ATTEMPTS = 5;
const RECONNECT_PAUSE_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads a turn's events into `view` until `done`. When the connection ends or fails first, the
 * turn goes on on the server: the page asks for it again from the last event it drew.
 */
async function follow(
  sessionId: string,
  view: TurnView,
  body: ReadableStream<Uint8Array>,
  turn: number,
) {
  const controller = new AbortController();
  following?.abort();
  following = controller;
  setBusy(true);
  let lastId = `${turn}.0`;
  let stream: ReadableStream<Uint8Array> | undefined = body;
  let failures = 0;
  try {
    for (;;) {
      try {
        if (!stream) {
          const response = await api.resume(sessionId, lastId);
          if (!response?.body) break;
          stream = response.body;
        }
        for await (const event of readEvents(stream)) {
          if (controller.signal.aborted) return;
          failures = 0;
          lastId = event.id;
          if (event.event === 'chunk') view.addChunk(event.data);
          else if (event.event === 'error') {
            view.showError((event.data as { message: string }).message);
          } else {
            view.finish(event.data as StoredTurn);
            return;
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        // The server's own answer (404, 401...) is final; a dropped connection is worth retrying.
        if (error instanceof ApiError || ++failures > RECONNECT_ATTEMPTS) throw error;
        await pause(RECONNECT_PAUSE_MS);
      }
      if (controller.signal.aborted) return;
      stream = undefined;
    }
    // Nothing left to resume: the stored session has the outcome.
    if (current === sessionId) await open(sessionId);
  } catch (error) {
    if (!controller.signal.aborted) view.showError(say(error));
  } finally {
    if (following === controller) {
      following = undefined;
      setBusy(false);
      await refreshSessions().catch(() => {});
    }
  }
}

/** Shows a session: its stored turns, and the running turn (if any) followed from its start. */
async function open(id: string | undefined, again = true): Promise<void> {
  following?.abort();
  following = undefined;
  setBusy(false);
  notify(undefined);
  current = id;
  ui.conversation.replaceChildren();
  ui.sessionModel.textContent = '';
  for (const item of ui.sessions.children) {
    item.toggleAttribute('aria-current', (item as HTMLElement).dataset.id === id);
  }
  if (id === undefined) return;
  try {
    const view = await api.session(id);
    if (current !== id) return;
    ui.sessionModel.textContent = `session model: ${view.session.model}`;
    ui.conversation.replaceChildren(...view.turns.map((turn) => storedTurnView(turn).element));
    const { pending } = view;
    if (pending) {
      const live = new TurnView(pending.contents[0]);
      ui.conversation.append(live.element);
      // From the turn's first event, so the page shows it whole, once.
      const response = await api.resume(id, `${pending.turn}.0`);
      if (response?.body) await follow(id, live, response.body, pending.turn);
      // The turn ended between the two calls: the session now has it stored.
      else if (again) await open(id, false);
    }
  } catch (error) {
    notify(
      error instanceof ApiError && error.status === 404
        ? 'That conversation does not exist (it was deleted, or belongs to another browser).'
        : say(error),
    );
  }
}

async function send(text: string): Promise<void> {
  notify(undefined);
  let id = current;
  if (id === undefined) {
    id = (await api.create({ title: text.slice(0, 60) })).sessionId;
    current = id;
    if (serverInfo) ui.sessionModel.textContent = `session model: ${serverInfo.model}`;
    history.replaceState(null, '', `#${id}`);
  }
  const view = new TurnView({ role: 'user', parts: [{ text }] });
  ui.conversation.append(view.element);
  setBusy(true);
  let response: Response;
  try {
    response = await api.send(id, text);
  } catch (error) {
    view.showError(say(error));
    view.element.dataset.state = 'failed';
    setBusy(false);
    return;
  }
  const turn = Number(response.headers.get('x-colloquy-turn') ?? '0');
  if (response.body) await follow(id, view, response.body, turn);
}

async function fork(id: string): Promise<void> {
  try {
    const { sessionId } = await api.fork(id);
    await refreshSessions();
    location.hash = sessionId;
  } catch (error) {
    notify(say(error));
  }
}

async function remove(id: string): Promise<void> {
  try {
    await api.remove(id);
    if (id === current) {
      history.replaceState(null, '', location.pathname);
      await open(undefined);
    }
    await refreshSessions();
  } catch (error) {
    notify(say(error));
  }
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.message.value.trim();
  if (text === '' || ui.send.disabled) return;
  ui.message.value = '';
  send(text).catch((error: unknown) => notify(say(error)));
});
ui.message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.stop.addEventListener('click', () => {
  if (current !== undefined) api.cancel(current).catch((error: unknown) => notify(say(error)));
});
ui.newChat.addEventListener('click', () => {
  history.replaceState(null, '', location.pathname);
  void open(undefined);
  ui.message.focus();
});
window.addEventListener('hashchange', () => {
  const id = sessionFromHash();
  if (id !== current) void open(id);
});

api
  .info()
  .then((info) => {
    serverInfo = info;
    ui.info.textContent = `${info.provider ?? 'provider'} / ${info.model}`;
  })
  .catch((error: unknown) => notify(say(error)));
refreshSessions().catch((error: unknown) => notify(say(error)));
void open(sessionFromHash());
