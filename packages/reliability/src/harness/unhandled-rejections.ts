import { afterAll, beforeAll } from 'vitest';

/**
 * Collects the unhandled promise rejections of one test file. A chat library must never
 * leave one behind, whatever the network does: a rejection nobody handles crashes a Node
 * process that runs with the default `--unhandled-rejections=throw`.
 */
export function collectUnhandledRejections(): { readonly reasons: unknown[] } {
  const reasons: unknown[] = [];
  const onRejection = (reason: unknown) => {
    reasons.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
  });
  return { reasons };
}
