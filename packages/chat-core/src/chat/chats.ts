import { ChatHistory } from '../history/chat-history';
import type { TurnRecord } from '../history/turn-record';
import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { AsyncModels, Models } from '../types/models';
import { AsyncChat } from './async-chat';
import { Chat } from './chat';
import { checkSpecificationVersion } from './check-specification-version';

export interface CreateChatParameters {
  /** Model name as the provider knows it. */
  model: string;
  /** Default config for every send; a send's own config replaces it for that call. */
  config?: GenerateContentConfig;
  /** Earlier turns. Roles must be `user` or `model`; curated by the history rules. */
  history?: Content[];
  /**
   * Turns saved with `getTurns()`, restored exactly (statuses included). Use instead of
   * `history` when restoring a saved session, so interrupted turns stay out of the curated
   * history.
   */
  turns?: TurnRecord[];
}

function historyOf(params: CreateChatParameters): ChatHistory {
  return params.turns
    ? ChatHistory.fromTurns(params.turns)
    : ChatHistory.fromContents(params.history ?? []);
}

/**
 * Makes blocking chat sessions over a blocking `Models`. Throws `ConfigurationError` when
 * `models` speaks another seam version than this chat-core (see `specificationVersion`).
 */
export class Chats {
  constructor(private readonly models: Models) {
    checkSpecificationVersion(models, 'Chats');
  }

  create(params: CreateChatParameters): Chat {
    return new Chat(this.models, params.model, params.config, historyOf(params));
  }
}

/**
 * Makes asynchronous chat sessions over an `AsyncModels`. Throws `ConfigurationError` when
 * `models` speaks another seam version than this chat-core (see `specificationVersion`).
 */
export class AsyncChats {
  constructor(private readonly models: AsyncModels) {
    checkSpecificationVersion(models, 'AsyncChats');
  }

  create(params: CreateChatParameters): AsyncChat {
    return new AsyncChat(this.models, params.model, params.config, historyOf(params));
  }
}
