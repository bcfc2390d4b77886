import type { UsageMetadata } from '@colloquy/chat-core';

export interface UsageTotals {
  /** Provider calls that reported usage (function calling makes several per message). */
  requests: number;
  promptTokens: number;
  replyTokens: number;
  thoughtTokens: number;
  totalTokens: number;
}

function emptyTotals(): UsageTotals {
  return { requests: 0, promptTokens: 0, replyTokens: 0, thoughtTokens: 0, totalTokens: 0 };
}

function add(totals: UsageTotals, usage: UsageMetadata): void {
  const prompt = usage.promptTokenCount ?? 0;
  const reply = usage.candidatesTokenCount ?? 0;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  totals.requests += 1;
  totals.promptTokens += prompt;
  totals.replyTokens += reply;
  totals.thoughtTokens += thoughts;
  totals.totalTokens += usage.totalTokenCount ?? prompt + reply + thoughts;
}

/** Token totals from the providers' `usageMetadata`, per provider and model. */
export class UsageTally {
  private readonly byKey = new Map<string, UsageTotals>();

  /** Adds one provider call's usage under `key` (e.g. `openai/gpt-4o-mini`). */
  record(key: string, usage: UsageMetadata | undefined): void {
    if (!usage) return;
    let totals = this.byKey.get(key);
    if (!totals) {
      totals = emptyTotals();
      this.byKey.set(key, totals);
    }
    add(totals, usage);
  }

  entries(): Array<[string, UsageTotals]> {
    return [...this.byKey].map(([key, totals]) => [key, { ...totals }]);
  }

  total(): UsageTotals {
    const sum = emptyTotals();
    for (const totals of this.byKey.values()) {
      sum.requests += totals.requests;
      sum.promptTokens += totals.promptTokens;
      sum.replyTokens += totals.replyTokens;
      sum.thoughtTokens += totals.thoughtTokens;
      sum.totalTokens += totals.totalTokens;
    }
    return sum;
  }

  clear(): void {
    this.byKey.clear();
  }
}
