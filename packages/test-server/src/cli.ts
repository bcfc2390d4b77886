#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createFakeProvider, type FakeProviderOptions } from './fake-provider';
import { startFakeServer } from './fake-server';
import { providerNames } from './provider-name';
import type { ScriptedReply } from './scripted-reply';

const usage = `Usage: colloquy-test-server [--port 0] [--host 127.0.0.1] [--api-key test-key]
  [--latency-ms 5 | --latency-ms 5,50] [--fault-rate 0.1] [--seed 1] [--default-reply '<json>']
Starts the gemini, openai and anthropic fakes on one port and prints their base URLs as one
JSON line: {"url","gemini","openai","anthropic"}. Runs until SIGINT or SIGTERM.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) fail(`--${name} expects a number, got '${text}'`);
  return value;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'api-key': { type: 'string' },
        'latency-ms': { type: 'string' },
        'fault-rate': { type: 'string' },
        seed: { type: 'string' },
        'default-reply': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    return fail(String(error instanceof Error ? error.message : error));
  }
})();

if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const options: FakeProviderOptions = {};
if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
const latency = values['latency-ms'];
if (latency !== undefined) {
  const [min, max] = latency.split(',').map((part) => number('latency-ms', part) ?? 0);
  options.latencyMs = max === undefined ? (min ?? 0) : [min ?? 0, max];
}
const faultRate = number('fault-rate', values['fault-rate']);
if (faultRate !== undefined) options.faultRate = faultRate;
const seed = number('seed', values.seed);
if (seed !== undefined) options.seed = seed;
if (values['default-reply'] !== undefined) {
  try {
    options.defaultReply = JSON.parse(values['default-reply']) as ScriptedReply;
  } catch {
    fail('--default-reply expects JSON');
  }
}

try {
  const fakes = providerNames.map((name) => createFakeProvider(name, options));
  const server = await startFakeServer(fakes, {
    port: number('port', values.port) ?? 0,
    host: values.host ?? '127.0.0.1',
  });
  const urls: Record<string, string> = { url: server.url };
  for (const name of providerNames) urls[name] = server.baseUrlFor(name);
  process.stdout.write(`${JSON.stringify(urls)}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  fail(String(error instanceof Error ? error.message : error));
}
