import {
  type FunctionCall,
  type FunctionResponse,
  InvalidHistoryError,
  type Part,
} from '@colloquy/chat-core';
import { synthesizeCallId } from './synthesize-call-id';

interface PendingCall {
  id: string;
  name: string;
  answered: boolean;
}

/**
 * The function calls of the latest model turn, so that each function response sent back gets
 * the id of its call. APIs that pair tool results with calls by id (OpenAI, Anthropic) need
 * one on both sides, while a Gemini-style history may carry none.
 */
export class PendingCalls {
  #calls: PendingCall[] = [];

  /** Forgets the calls recorded so far: a new model turn's calls replace them. */
  clear(): void {
    this.#calls = [];
  }

  /** Records a call of a model turn; returns its id, or a stable synthesised one if it has none. */
  add(call: FunctionCall, turnIndex: number, partIndex: number): string {
    const id = call.id || synthesizeCallId({ turnIndex, partIndex, name: call.name });
    this.#calls.push({ id, name: call.name, answered: false });
    return id;
  }

  /**
   * Marks the calls that the responses of one user turn answer by id. Call it before `idFor`
   * on that turn, so that responses without an id pair only with the calls left over.
   */
  claim(parts: readonly Part[]): void {
    for (const part of parts) {
      const id = part.functionResponse?.id;
      if (!id) continue;
      const call = this.#calls.find((c) => c.id === id);
      if (call) call.answered = true;
    }
  }

  /**
   * The call id for `response`: its own, else the earliest unanswered call of the same name.
   * None is an InvalidHistoryError: the API would refuse a tool result without its call.
   */
  idFor(response: FunctionResponse, turnIndex: number): string {
    if (response.id) return response.id;
    const call = this.#calls.find((c) => !c.answered && c.name === response.name);
    if (!call) {
      throw new InvalidHistoryError({
        index: turnIndex,
        role: 'user',
        message: `Invalid history: content ${turnIndex} answers function ${JSON.stringify(response.name)} without an id, and the model turn before it has no unanswered call of that name. Give the function response the id of its call.`,
      });
    }
    call.answered = true;
    return call.id;
  }
}
