import type { Content, Part, TurnRecord } from '@colloquy/chat-core';
import type { Style } from './create-style';

function partText(part: Part, style: Style): string {
  if (typeof part.text === 'string')
    return part.thought ? style.dim(`(thought) ${part.text}`) : part.text;
  if (part.functionCall) {
    return style.tool(
      `⚙ call ${part.functionCall.name}(${JSON.stringify(part.functionCall.args ?? {})})`,
    );
  }
  if (part.functionResponse) {
    return style.tool(
      `⚙ result ${part.functionResponse.name}: ${JSON.stringify(part.functionResponse.response)}`,
    );
  }
  if (part.inlineData) return style.dim(`[${part.inlineData.mimeType} data]`);
  if (part.fileData) return style.dim(`[file ${part.fileData.fileUri}]`);
  return style.dim('[empty part]');
}

function contentLine(content: Content, style: Style, indent: string): string {
  const label = content.role === 'user' ? style.user('you') : style.model('model');
  const body =
    content.parts.length === 0
      ? style.dim('(nothing)')
      : content.parts.map((part) => partText(part, style)).join(' ');
  // Continuation lines line up under the text, not under the label.
  const pad = ' '.repeat(indent.length + (content.role === 'user' ? 5 : 7));
  return `${indent}${label}: ${body.replaceAll('\n', `\n${pad}`)}`;
}

/** `/curated`: the contents as the model receives them. */
export function formatContents(contents: readonly Content[], style: Style): string {
  if (contents.length === 0) return style.dim('(no turns yet)');
  return contents.map((content) => contentLine(content, style, '')).join('\n');
}

const STATUS_NOTE: Record<TurnRecord['status'], string> = {
  history: 'given history',
  complete: '',
  invalid: 'rejected: not sent to the model again',
  interrupted: 'interrupted: not sent to the model again',
};

/** `/history`: every send with how it ended, interrupted and rejected ones included. */
export function formatTurns(turns: readonly TurnRecord[], style: Style): string {
  if (turns.length === 0) return style.dim('(no turns yet)');
  const lines: string[] = [];
  turns.forEach((turn, index) => {
    const number = `${index + 1}.`;
    const note = STATUS_NOTE[turn.status];
    const reason = turn.reason ? ` (${turn.reason})` : '';
    turn.contents.forEach((content, position) => {
      const indent = position === 0 ? `${number} ` : ' '.repeat(number.length + 1);
      lines.push(contentLine(content, style, indent));
    });
    if (note) lines.push(style.dim(`${' '.repeat(number.length + 1)}[${note}${reason}]`));
  });
  return lines.join('\n');
}
