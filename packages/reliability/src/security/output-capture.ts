import { afterAll, beforeAll } from 'vitest';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Everything written to the console or to stdout/stderr while a test file runs (the
 * library's own logging, if any ever appears, and worker output the sync bridge replays).
 * Output still goes through; this only keeps a copy.
 */
export function captureOutput(): { readonly lines: string[] } {
  const lines: string[] = [];
  const restore: Array<() => void> = [];
  beforeAll(() => {
    for (const method of CONSOLE_METHODS) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
        original.apply(console, args);
      };
      restore.push(() => {
        console[method] = original;
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
        return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => {
        stream.write = original;
      });
    }
  });
  afterAll(() => {
    for (const undo of restore.splice(0)) undo();
  });
  return { lines };
}
