import type { UsageMetadata } from '../types/generate-content-response';

/**
 * The usage of a send made of several rounds (automatic function calling): every count that
 * some round reported, summed. Other fields (per-modality details) are per round and stay on
 * the rounds. `undefined` when no round reported usage.
 */
export function sumUsage(
  rounds: readonly (UsageMetadata | undefined)[],
): UsageMetadata | undefined {
  let total: Record<string, number> | undefined;
  for (const round of rounds) {
    if (round === undefined) continue;
    total ??= {};
    for (const [key, value] of Object.entries(round)) {
      if (typeof value === 'number' && Number.isFinite(value))
        total[key] = (total[key] ?? 0) + value;
    }
  }
  return total as UsageMetadata | undefined;
}
