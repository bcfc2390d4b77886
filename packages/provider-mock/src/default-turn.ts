import type { Content, FunctionDeclaration, Part } from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';
import type { MockTurn } from './mock-script';

/**
 * The reply when the script has run out: derived from the request alone, so the same
 * conversation always gets the same answer and an offline demo still converses.
 *
 * - The last turn holds function responses: a text reply summarising each result
 *   (`Mock reply 1: get_weather returned {"temp":21}.`). Never another function call.
 * - Functions are declared, calling is not `NONE`, and the last user text names one (whole
 *   word, case-insensitive; the earliest mentioned wins; `allowedFunctionNames` is obeyed):
 *   a call to it with id `mock-call-<n>`. Its args: the first `{...}` JSON object in the text,
 *   else, for a function whose only parameter is a string, the text after the name, else `{}`.
 * - Otherwise: `Mock reply <n>: you said "<last user text>".`
 *
 * `<n>` is the turn number: how many user messages with text the conversation holds.
 */
export function defaultTurn(params: GenerateContentParameters): MockTurn {
  const { contents } = params;
  const userMessages = contents.filter((c) => c.role === 'user' && c.parts.some(isText));
  const n = Math.max(1, userMessages.length);
  const last = contents.at(-1);

  const responses = last?.parts.flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
  if (responses && responses.length > 0) {
    const summary = responses.map((r) => `${r.name} returned ${JSON.stringify(r.response)}`);
    return { text: `Mock reply ${n}: ${summary.join('; ')}.` };
  }

  const said = textOf(userMessages.at(-1));
  if (last?.role === 'user' && said !== '') {
    const call = findCall(said, declarationsOf(params));
    if (call) return { functionCalls: [{ ...call, id: `mock-call-${n}` }] };
  }
  return { text: said === '' ? `Mock reply ${n}.` : `Mock reply ${n}: you said "${said}".` };
}

function isText(part: Part): boolean {
  return typeof part.text === 'string' && part.thought !== true;
}

function textOf(content: Content | undefined): string {
  if (!content) return '';
  return content.parts
    .filter(isText)
    .map((p) => p.text)
    .join(' ')
    .trim();
}

function declarationsOf({ config }: GenerateContentParameters): FunctionDeclaration[] {
  const calling = config?.toolConfig?.functionCallingConfig;
  if (calling?.mode === 'NONE') return [];
  const declared = (config?.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  const allowed = calling?.allowedFunctionNames;
  return allowed ? declared.filter((d) => allowed.includes(d.name)) : declared;
}

function findCall(
  text: string,
  declarations: FunctionDeclaration[],
): { name: string; args: Record<string, unknown> } | undefined {
  const lower = text.toLowerCase();
  let best: { declaration: FunctionDeclaration; start: number } | undefined;
  for (const declaration of declarations) {
    const start = wordIndex(lower, declaration.name.toLowerCase());
    if (start >= 0 && (best === undefined || start < best.start)) best = { declaration, start };
  }
  if (!best) return undefined;
  const { declaration, start } = best;
  const json = jsonObjectIn(text);
  if (json) return { name: declaration.name, args: json };
  const param = singleStringParameter(declaration);
  const rest = text
    .slice(start + declaration.name.length)
    .replace(/^[\s:,\-–—]+/, '')
    .trim();
  return { name: declaration.name, args: param && rest !== '' ? { [param]: rest } : {} };
}

/** Index of `word` in `text` where it stands as a whole identifier, or -1. */
function wordIndex(text: string, word: string): number {
  if (word === '') return -1;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    const before = text[i - 1];
    const after = text[i + word.length];
    if (!isIdentifierChar(before) && !isIdentifierChar(after)) return i;
  }
  return -1;
}

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /[\w]/.test(char);
}

function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function singleStringParameter(declaration: FunctionDeclaration): string | undefined {
  const schema = declaration.parametersJsonSchema ?? declaration.parameters;
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  const entries = Object.entries(properties as Record<string, unknown>);
  const [only, ...others] = entries;
  if (!only || others.length > 0) return undefined;
  const type = (only[1] as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.toLowerCase() === 'string' ? only[0] : undefined;
}
