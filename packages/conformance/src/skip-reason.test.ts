import { describe, expect, it } from 'vitest';
import { skipReason } from './skip-reason';

describe('skipReason', () => {
  it('is undefined when the harness supports everything the case needs', () => {
    expect(skipReason({}, ['text', 'stall-mid-stream'])).toBeUndefined();
    expect(skipReason({ unsupported: { retries: 'no HTTP' } }, ['text'])).toBeUndefined();
  });

  it('names the first unsupported capability the case needs, with the reason', () => {
    const harness = { unsupported: { retries: 'no HTTP', 'request-id': 'no header' } };
    expect(skipReason(harness, ['http-error', 'request-id', 'retries'])).toBe(
      'request-id unsupported: no header',
    );
  });
});
