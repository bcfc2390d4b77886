import type { ConformanceHarness, HarnessCapability } from './conformance-harness';

/**
 * Why a case needing `needs` cannot run on `harness`, or undefined when it can. The first
 * unsupported capability gives the reason, so a skipped case always says what it lacks.
 */
export function skipReason(
  harness: Pick<ConformanceHarness<object>, 'unsupported'>,
  needs: readonly HarnessCapability[],
): string | undefined {
  for (const capability of needs) {
    const reason = harness.unsupported?.[capability];
    if (reason !== undefined) return `${capability} unsupported: ${reason}`;
  }
  return undefined;
}
