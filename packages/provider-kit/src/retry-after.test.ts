import { describe, expect, it } from 'vitest';
import { retryAfterMsOf } from './retry-after';

const now = Date.parse('2030-01-01T00:00:00Z');

describe('retryAfterMsOf', () => {
  it('prefers retry-after-ms', () => {
    expect(retryAfterMsOf(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
  });

  it('reads Retry-After in seconds, fractional too', () => {
    expect(retryAfterMsOf(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMsOf(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
  });

  it('reads Retry-After as an HTTP date relative to now', () => {
    const date = new Date(now + 7000).toUTCString();
    expect(retryAfterMsOf(new Headers({ 'retry-after': date }), now)).toBe(7000);
  });

  it('treats a date in the past as no wait', () => {
    const date = new Date(now - 60_000).toUTCString();
    expect(retryAfterMsOf(new Headers({ 'retry-after': date }), now)).toBe(0);
  });

  it('ignores missing, negative and unparsable values', () => {
    expect(retryAfterMsOf(new Headers(), now)).toBeUndefined();
    expect(retryAfterMsOf(new Headers({ 'retry-after': '-1' }), now)).toBeUndefined();
    expect(retryAfterMsOf(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMsOf(new Headers({ 'retry-after-ms': 'NaN', 'retry-after': '2' }), now)).toBe(
      2000,
    );
  });
});
