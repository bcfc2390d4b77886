import type { Content, Part, ResponseWarning } from '@colloquy/chat-core';

/**
 * One warning (setting `thoughts`) when the turns hold thoughts another provider signed,
 * which the adapter leaves out because its API would refuse them: the conversation moved
 * providers, and this model does not see the earlier model's reasoning. `isForeign` is the
 * adapter's own test. Pass the result to `settingWarnings` so `config.strict` refuses it too.
 */
export function foreignThoughtWarnings(
  contents: readonly Content[],
  provider: string,
  isForeign: (part: Part) => boolean,
): ResponseWarning[] {
  let count = 0;
  for (const content of contents) {
    for (const part of content.parts ?? []) if (part.thought === true && isForeign(part)) count++;
  }
  if (count === 0) return [];
  return [
    {
      setting: 'thoughts',
      provider,
      message: `left out: ${count === 1 ? 'a thought' : `${count} thoughts`} in the history signed by another provider, which ${provider} would refuse; the model does not see that reasoning.`,
    },
  ];
}
