import type { ProviderName } from '@colloquy/test-server';
import type { Delivery, Mode } from '../harness/chat-driver';

/** What one case did on one adapter in one mode. */
export interface Observation {
  caseId: string;
  title: string;
  adapter: ProviderName;
  mode: Mode;
  delivery: Delivery;
  /** `ok`, `ok after N retries`, or the error class (with what was recorded). */
  outcome: string;
  /** Every check passed: outcome, request count, histories, the next send, no leak. */
  passed: boolean;
  problems: string[];
}

function cell(observations: readonly Observation[]): string {
  if (observations.length === 0) return '—';
  const mark = (o: Observation) => (o.passed ? '✓' : '✗');
  const [first] = observations;
  if (
    first &&
    observations.every((o) => o.outcome === first.outcome && o.passed === first.passed)
  ) {
    return `${first.outcome} ${mark(first)}`;
  }
  return observations.map((o) => `${o.mode}: ${o.outcome} ${mark(o)}`).join('<br>');
}

/** The generated section: one row per case, one column per adapter and send mode. */
export function renderMatrix(
  observations: readonly Observation[],
  adapters: readonly ProviderName[],
): string {
  const deliveries: Delivery[] = ['stream', 'unary'];
  const columns = adapters.flatMap((adapter) =>
    deliveries.map((delivery) => ({ adapter, delivery })),
  );
  const cases = [...new Map(observations.map((o) => [o.caseId, o.title])).entries()];
  const lines = [
    `| case | ${columns.map((c) => `${c.adapter} ${c.delivery === 'stream' ? 'stream' : 'unary'}`).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
  ];
  for (const [caseId, title] of cases) {
    const cells = columns.map((column) =>
      cell(
        observations.filter(
          (o) =>
            o.caseId === caseId && o.adapter === column.adapter && o.delivery === column.delivery,
        ),
      ),
    );
    lines.push(`| ${title} | ${cells.join(' | ')} |`);
  }
  const failed = observations.filter((o) => !o.passed);
  const summary = [
    `${observations.length} runs (${cases.length} cases × ${adapters.length} adapters × sync/async × stream/unary), ${observations.length - failed.length} passed every check, ${failed.length} did not.`,
  ];
  if (failed.length > 0) {
    summary.push('', 'Runs that failed a check:', '');
    for (const o of failed) {
      summary.push(
        `- ${o.caseId} · ${o.adapter} ${o.mode} ${o.delivery}: ${o.problems.join('; ')}`,
      );
    }
  }
  return [...lines, '', ...summary].join('\n');
}
