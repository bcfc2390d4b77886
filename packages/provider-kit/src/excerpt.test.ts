import { describe, expect, it } from 'vitest';
import { excerptOf, htmlExcerptOf, withoutSecretTail } from './excerpt';

const KEY = 'plainSECRETvalue0123456789';

describe('excerptOf', () => {
  it('shows no fragment of a key that the excerpt window cuts', () => {
    for (let inside = 1; inside < KEY.length; inside++) {
      const text = `denied:${' '.repeat(800 - 7 - inside)}${KEY} is not valid`;
      const excerpt = excerptOf(text, [KEY]);
      expect(excerpt.startsWith('denied:')).toBe(true);
      // Fragments of four characters or more are gone; three say nothing.
      expect(excerpt).not.toMatch(/plai/);
    }
  });

  it('shows no fragment of a key cut off by the end of the text (a body read up to a limit)', () => {
    expect(excerptOf(`bad key ${KEY.slice(0, 12)}`, [KEY])).toBe('bad key');
    expect(excerptOf(`bad key ${encodeURIComponent(`${KEY}&`).slice(0, 20)}`, [`${KEY}&`])).toBe(
      'bad key',
    );
  });

  it('drops the start of a key-shaped token too short to be recognised', () => {
    expect(excerptOf(`oops ${' '.repeat(790)}sk-proj-abcdef0123456789`)).toBe('oops');
    expect(excerptOf('invalid AIzaSyD')).toBe('invalid');
  });

  it('still shows whole keys as [redacted] and leaves ordinary text alone', () => {
    expect(excerptOf(`bad key ${KEY}`, [KEY])).toBe('bad key [redacted]');
    expect(excerptOf('bad key sk-abcdef0123456789')).toBe('bad key [redacted]');
    expect(excerptOf('Service Unavailable', [KEY])).toBe('Service Unavailable');
  });

  it('works for HTML pages', () => {
    const html = `<html><body>${'\n'.repeat(790)} ${KEY}</body></html>`;
    expect(htmlExcerptOf(html, [KEY])).not.toMatch(/plai/);
  });
});

describe('withoutSecretTail', () => {
  it('removes repeated tails and ignores short secrets', () => {
    expect(withoutSecretTail(`a ${KEY.slice(0, 6)}`, [KEY, 'abc'])).toBe('a ');
    expect(withoutSecretTail('a abc', ['abc'])).toBe('a abc');
  });
});
