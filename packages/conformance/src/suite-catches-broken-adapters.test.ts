import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The suite's own check: run it, in a separate vitest process, against adapters with one
// deliberate fault each (src/__fixtures__/broken-adapters.fixture.ts) and compare which
// cases fail with the cases meant to catch that fault. Every other case must pass.

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = mkdtempSync(join(tmpdir(), 'colloquy-conformance-'));
afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
}

function runFixture(): AssertionResult[] {
  const vitestBin = join(
    dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  const outputFile = join(outputDir, 'results.json');
  // A clean environment: the outer run's worker variables would confuse the inner vitest.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
  );
  const run = spawnSync(
    process.execPath,
    [
      vitestBin,
      'run',
      '--config',
      'src/__fixtures__/vitest.fixture.config.ts',
      '--reporter=json',
      `--outputFile=${outputFile}`,
    ],
    { cwd: packageRoot, env, encoding: 'utf8' },
  );
  let report: { testResults: Array<{ assertionResults: AssertionResult[] }> };
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8'));
  } catch {
    throw new Error(`the fixture run left no report:\n${run.stdout}\n${run.stderr}`);
  }
  return report.testResults.flatMap((file) => file.assertionResults);
}

const http = 'HTTP errors and retries';
const streams = 'stream failures';
const blocking = 'blocking models';
const expectedFailures: Record<string, string[]> = {
  'forgets history': [
    'text turns > sends the earlier turns with the next message',
    'text turns > sends a streamed turn back with the next message',
    'function calling > runs an automatic function-call round trip and answers',
    'function calling > runs an automatic function-call round trip in a stream',
  ],
  'buffers streams': [
    'text turns > streams a reply in chunks that join to the text, recorded as one valid turn',
    `${streams} > stops a stream with AbortError when config.abortSignal fires mid-stream`,
    `${streams} > fails a stream with InvalidResponseError on a malformed event`,
    `${streams} > fails a stream with StreamInterruptedError when the connection drops mid-stream`,
    `${streams} > fails a stream with an ApiError on the provider's error event mid-stream`,
    `${streams} > fails a stalled stream with TimeoutError{phase: 'idle'} after idleTimeout`,
    `${blocking} > generateContentStream yields the chunks the async models yield`,
  ],
  'loses function-call ids': [
    'function calling > runs an automatic function-call round trip and answers',
    'function calling > runs an automatic function-call round trip in a stream',
  ],
  'maps every HTTP error to ApiError': [
    ...[401, 403, 404, 429, 500].flatMap((status) => {
      const name = {
        401: 'AuthenticationError',
        403: 'PermissionDeniedError',
        404: 'NotFoundError',
        429: 'RateLimitError',
        500: 'ServerError',
      }[status];
      return ['sendMessage', 'sendMessageStream'].map(
        (mode) => `${http} > turns HTTP ${status} into ${name} (${mode})`,
      );
    }),
    `${http} > HTTP errors carry the provider's request id`,
    `${http} > reports the wait a 429 asks for in RateLimitError.retryAfterMs`,
    `${blocking} > generateContent throws HTTP 404 as NotFoundError, like the async models`,
    `${blocking} > generateContentStream throws HTTP 500 as ServerError, like the async models`,
  ],
  'ignores the abort signal': [
    `${streams} > stops a stream with AbortError when config.abortSignal fires mid-stream`,
  ],
  'turns an empty reply into empty text': [
    'blocked and empty replies > keeps an empty reply out of the curated history',
    'blocked and empty replies > keeps an empty reply out of the curated history when streamed',
  ],
  'ends a failing stream quietly': [
    `${streams} > stops a stream with AbortError when config.abortSignal fires mid-stream`,
    `${streams} > fails a stream with InvalidResponseError on a malformed event`,
    `${streams} > fails a stream with StreamInterruptedError when the connection drops mid-stream`,
    `${streams} > fails a stream with an ApiError on the provider's error event mid-stream`,
    `${streams} > fails a stalled stream with TimeoutError{phase: 'idle'} after idleTimeout`,
  ],
  'blocking models throw plain errors': [
    `${blocking} > generateContent throws HTTP 404 as NotFoundError, like the async models`,
    `${blocking} > generateContentStream throws HTTP 500 as ServerError, like the async models`,
  ],
  'blocking models drop the finish reason': [
    `${blocking} > generateContent answers like the async models`,
    `${blocking} > generateContentStream yields the chunks the async models yield`,
    `${blocking} > a blocking Chat keeps the conversation and sends it back`,
  ],
};

describe('the conformance suite, run against adapters with one fault each', () => {
  let results: AssertionResult[] | undefined;
  const resultsFor = (fault: string) => {
    results ??= runFixture();
    return results.filter((result) => result.ancestorTitles[0] === `${fault} adapter conformance`);
  };

  for (const [fault, expected] of Object.entries(expectedFailures)) {
    it(`fails exactly the cases that catch "${fault}"`, { timeout: 120_000 }, () => {
      const cases = resultsFor(fault);
      const failed = cases
        .filter((result) => result.status === 'failed')
        .map((result) => [...result.ancestorTitles.slice(1), result.title].join(' > '));

      expect(cases.length).toBeGreaterThan(30);
      expect(failed.sort()).toEqual([...expected].sort());
    });
  }

  it('skips the cases the harness cannot script, saying why', { timeout: 120_000 }, () => {
    const retries = resultsFor('ignores the abort signal').filter((result) =>
      result.title.startsWith('retries a 429'),
    );

    expect(retries.map((result) => result.status)).toEqual(['skipped', 'skipped']);
    for (const result of retries) {
      expect(result.title).toContain(
        '[skipped: retries unsupported: the mock makes no HTTP requests, so it has nothing to retry]',
      );
    }
  });
});
