import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { systemInstructionParts, systemInstructionTexts } from './system-instruction';

describe('systemInstructionParts', () => {
  it('reads every form config.systemInstruction takes as a list of Parts', () => {
    expect(systemInstructionParts('Be brief.', 'p')).toEqual([{ text: 'Be brief.' }]);
    expect(systemInstructionParts({ text: 'One.' }, 'p')).toEqual([{ text: 'One.' }]);
    expect(systemInstructionParts(['One.', { text: 'Two.' }], 'p')).toEqual([
      { text: 'One.' },
      { text: 'Two.' },
    ]);
    expect(systemInstructionParts({ role: 'user', parts: [{ text: 'Hi.' }] }, 'p')).toEqual([
      { text: 'Hi.' },
    ]);
  });

  it('gives no parts for nothing to say', () => {
    for (const instruction of [
      undefined,
      '',
      [],
      [''],
      ['', { text: '' }],
      { text: '' },
      { role: 'user' as const, parts: [] },
      { role: 'user' as const, parts: [{ text: '' }] },
    ]) {
      expect(systemInstructionParts(instruction, 'p')).toEqual([]);
      expect(systemInstructionTexts(instruction, 'p')).toEqual([]);
    }
    expect(systemInstructionParts(['', 'Be brief.'], 'p')).toEqual([{ text: 'Be brief.' }]);
  });

  it('refuses what is neither text nor a Part, naming the provider', () => {
    const call = () => systemInstructionParts([42] as never, 'acme');
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/config\.systemInstruction holds number/);
    expect(() => systemInstructionParts({ parts: 'x' } as never, 'acme')).toThrow(
      /parts that are not a list/,
    );
    try {
      call();
    } catch (error) {
      expect((error as ConfigurationError).provider).toBe('acme');
    }
  });
});

describe('systemInstructionTexts', () => {
  it('keeps the texts in order and leaves thought parts out', () => {
    expect(
      systemInstructionTexts(['One.', { text: 'hmm', thought: true }, { text: 'Two.' }], 'p'),
    ).toEqual(['One.', 'Two.']);
  });

  it('refuses a part that is not text', () => {
    const call = () =>
      systemInstructionTexts({ inlineData: { mimeType: 'image/png', data: 'AA==' } }, 'acme');
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/acme accepts only text/);
  });
});
