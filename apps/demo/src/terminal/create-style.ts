import picocolors from 'picocolors';

/** How each kind of output looks; every function is the identity when colour is off. */
export interface Style {
  user(text: string): string;
  model(text: string): string;
  tool(text: string): string;
  error(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Colour only for a terminal, and never when `NO_COLOR` is set to anything but '' (see
 * no-color.org): output piped to a file or another program stays plain text.
 */
export function shouldColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

export function createStyle(enabled: boolean): Style {
  const c = picocolors.createColors(enabled);
  return {
    user: (text) => c.bold(c.cyan(text)),
    model: (text) => c.bold(c.magenta(text)),
    tool: (text) => c.yellow(text),
    error: (text) => c.red(text),
    dim: (text) => c.dim(text),
    bold: (text) => c.bold(text),
  };
}
