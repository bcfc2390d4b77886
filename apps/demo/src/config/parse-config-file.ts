import * as v from 'valibot';
import { DemoError } from '../demo-error';
import { type DemoConfigFile, DemoConfigFileSchema } from './demo-config-file';
import { formatIssues } from './format-issues';

/** A config file's settings, and a warning for each unknown key that was left out. */
export interface ParsedConfigFile {
  data: DemoConfigFile;
  warnings: string[];
}

/** An unknown key, as strictObject reports it (one per object per pass). */
function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'strict_object' && issue.expected === 'never';
}

/** Deletes the key an issue's path ends at from `root` (a copy the caller owns). */
function deleteAt(root: unknown, issue: v.BaseIssue<unknown>): void {
  const keys = (issue.path ?? []).map((item) => item.key);
  let parent = root as Record<PropertyKey, unknown>;
  for (const key of keys.slice(0, -1)) parent = parent[key as PropertyKey] as typeof parent;
  delete parent[keys.at(-1) as PropertyKey];
}

/**
 * Parses and checks the text of a config file; `name` is how messages refer to it. A wrong
 * value is an error; an unknown key (a typo, or a setting of a later version) is left out
 * with a warning naming it and the file, so an old demo still starts on a newer config.
 */
export function parseConfigFile(text: string, name: string): ParsedConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DemoError(
      `${name} is not valid JSON (${(error as Error).message}). Fix it, or pass another file with --config.`,
    );
  }
  const warnings: string[] = [];
  for (;;) {
    const result = v.safeParse(DemoConfigFileSchema, json);
    if (result.success) return { data: result.output, warnings };
    const unknown = result.issues.filter(isUnknownKey);
    if (unknown.length === 0) {
      const lines = formatIssues(result.issues).map((line) => `  ${line}`);
      throw new DemoError(`${name} has settings to fix:\n${lines.join('\n')}`);
    }
    for (const issue of unknown) {
      warnings.push(
        `${name}: ${v.getDotPath(issue)} is not a setting the demo knows, so it was ignored (${issue.message.replace('unknown key; ', '')}).`,
      );
      deleteAt(json, issue);
    }
  }
}
