import * as v from 'valibot';

/**
 * valibot issues as one readable line each, prefixed with where they are
 * (`config.temperature: ...`), so a person can find and fix the field.
 */
export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
