import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { createCaseContext } from './case-context';
import { registerBlockingModelCases } from './cases/blocking-model-cases';
import { registerFunctionCallingCases } from './cases/function-calling-cases';
import { registerHttpErrorCases } from './cases/http-error-cases';
import { registerInvalidReplyCases } from './cases/invalid-reply-cases';
import { registerStreamFailureCases } from './cases/stream-failure-cases';
import { registerTextCases } from './cases/text-cases';
import type { AdapterConformanceOptions } from './conformance-options';

/**
 * Registers the adapter conformance suite as vitest `describe`/`it` blocks: call it at the top
 * level of a test file. The harness is set up before the cases and torn down after them, in
 * this `describe` block only.
 */
export function describeAdapterConformance<Options extends object>(
  options: AdapterConformanceOptions<Options>,
): void {
  const { harness } = options;
  describe(`${options.name} adapter conformance`, () => {
    beforeAll(async () => {
      await harness.setup?.();
    });
    afterEach(async () => {
      await harness.reset?.();
    });
    afterAll(async () => {
      await harness.teardown?.();
    });

    const context = createCaseContext(options);
    describe('text turns', () => registerTextCases(context));
    describe('function calling', () => registerFunctionCallingCases(context));
    describe('blocked and empty replies', () => registerInvalidReplyCases(context));
    describe('HTTP errors and retries', () => registerHttpErrorCases(context));
    describe('stream failures', () => registerStreamFailureCases(context));
    describe('blocking models', () => registerBlockingModelCases(context));
  });
}
