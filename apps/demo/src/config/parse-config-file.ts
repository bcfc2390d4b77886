import * as v from 'valibot';
import { DemoError } from '../demo-error';
import { type DemoConfigFile, DemoConfigFileSchema } from './demo-config-file';
import { formatIssues } from './format-issues';

/** Parses and checks the text of a config file; `name` is how errors refer to it. */
export function parseConfigFile(text: string, name: string): DemoConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DemoError(
      `${name} is not valid JSON (${(error as Error).message}). Fix it, or pass another file with --config.`,
    );
  }
  const result = v.safeParse(DemoConfigFileSchema, json);
  if (!result.success) {
    const lines = formatIssues(result.issues).map((line) => `  ${line}`);
    throw new DemoError(`${name} has settings to fix:\n${lines.join('\n')}`);
  }
  return result.output;
}
