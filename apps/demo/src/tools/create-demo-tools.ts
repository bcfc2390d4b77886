import { type CallableTool, type FunctionArgs, functionTool } from '@colloquy/chat-core';
import { ARITHMETIC_NAMES, evaluateArithmetic } from './evaluate-arithmetic';

/** What the demo shows when a tool runs. */
export interface ToolRun {
  name: string;
  args: FunctionArgs;
  /** The value sent back to the model, or the error message it got instead. */
  outcome: { result: unknown } | { error: string };
}

export interface DemoToolsOptions {
  onRun: (run: ToolRun) => void;
  /** The clock, for tests. */
  now?: () => Date;
}

function currentTime(args: FunctionArgs, now: () => Date): Record<string, string> {
  const requested = typeof args.timeZone === 'string' ? args.timeZone.trim() : '';
  const timeZone = requested === '' ? Intl.DateTimeFormat().resolvedOptions().timeZone : requested;
  let local: string;
  const date = now();
  try {
    local = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      dateStyle: 'full',
      timeStyle: 'long',
    }).format(date);
  } catch {
    throw new Error(`Unknown time zone "${requested}"; use an IANA name such as "Europe/Lisbon".`);
  }
  return { local, timeZone, iso: date.toISOString() };
}

/**
 * The demo's tools, with synchronous handlers so they work in the blocking `Chat` too. Each
 * run is reported through `onRun`, errors included (the model receives those as `{error}`).
 */
export function createDemoTools({
  onRun,
  now = () => new Date(),
}: DemoToolsOptions): CallableTool[] {
  function reported(name: string, run: (args: FunctionArgs) => unknown) {
    return (args: FunctionArgs): unknown => {
      try {
        const result = run(args);
        onRun({ name, args, outcome: { result } });
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        onRun({ name, args, outcome: { error: message } });
        throw error;
      }
    };
  }

  return [
    functionTool({
      name: 'current_time',
      description:
        'The current date and time, in the given IANA time zone or the local one when none is given.',
      parametersJsonSchema: {
        type: 'object',
        properties: {
          timeZone: { type: 'string', description: 'IANA time zone, e.g. "Europe/Lisbon"' },
        },
      },
      handler: reported('current_time', (args) => currentTime(args, now)),
    }),
    functionTool({
      name: 'calculate',
      description: `Evaluates an arithmetic expression exactly: + - * / % ^, parentheses, and ${ARITHMETIC_NAMES.join(', ')}.`,
      parametersJsonSchema: {
        type: 'object',
        properties: {
          expression: { type: 'string', description: 'e.g. "(2 + 3) * sqrt(16)"' },
        },
        required: ['expression'],
      },
      handler: reported('calculate', (args) => {
        const expression = typeof args.expression === 'string' ? args.expression : '';
        return { result: evaluateArithmetic(expression) };
      }),
    }),
  ];
}
