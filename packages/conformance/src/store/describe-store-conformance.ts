import { afterEach, describe } from 'vitest';
import { registerCrossProcessCases } from './cross-process-cases';
import { registerLifecycleCases } from './lifecycle-cases';
import { registerOwnerCases } from './owner-cases';
import { registerRecoveryCases } from './recovery-cases';
import { createStoreCaseContext } from './store-case-context';
import type { MakeStore, StoreProcesses } from './store-under-test';
import { registerWriteRaceCases } from './write-race-cases';

/**
 * Registers the session-store conformance suite as vitest `describe`/`it` blocks: call it at
 * the top level of a test file. `makeStore` opens a fresh, empty store for each case;
 * `processes` says how a child process opens it (without it, the cross-process cases are
 * skipped, as for a store that lives in one process's memory).
 */
export function describeStoreConformance(
  makeStore: MakeStore,
  options: { name?: string; processes?: StoreProcesses } = {},
): void {
  describe(`${options.name ?? 'session'} store conformance`, () => {
    const context = createStoreCaseContext(makeStore);
    afterEach(() => context.dispose());
    describe('sessions and sends', () => registerLifecycleCases(context));
    describe('racing writers', () => registerWriteRaceCases(context));
    describe('recovery, expiry and bad data', () => registerRecoveryCases(context));
    describe('owners and forks', () => registerOwnerCases(context));
    describe('across processes', () => registerCrossProcessCases(context, options.processes));
  });
}
