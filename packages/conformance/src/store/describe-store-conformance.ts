import { afterEach, describe } from 'vitest';
import { registerLifecycleCases } from './lifecycle-cases';
import { registerOwnerCases } from './owner-cases';
import { registerRecoveryCases } from './recovery-cases';
import { createStoreCaseContext } from './store-case-context';
import type { MakeStore } from './store-under-test';
import { registerWriteRaceCases } from './write-race-cases';

/**
 * Registers the session-store conformance suite as vitest `describe`/`it` blocks: call it at
 * the top level of a test file. `makeStore` opens a fresh, empty store for each case.
 */
export function describeStoreConformance(
  makeStore: MakeStore,
  options: { name?: string } = {},
): void {
  describe(`${options.name ?? 'session'} store conformance`, () => {
    const context = createStoreCaseContext(makeStore);
    afterEach(() => context.dispose());
    describe('sessions and sends', () => registerLifecycleCases(context));
    describe('racing writers', () => registerWriteRaceCases(context));
    describe('recovery, expiry and bad data', () => registerRecoveryCases(context));
    describe('owners and forks', () => registerOwnerCases(context));
  });
}
