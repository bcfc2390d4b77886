// Scenario 6: weight. Min+gzip size of ESM bundles made with esbuild (bundle, minify,
// platform browser, format esm, target es2022; gzip level 9; Node built-ins external), and cold
// import time (a fresh `node` process timing `await import(...)` of the package, median of
// several processes).
//
// Bundles:
// - whole package: `export * from '<pkg>'`.
//   - "alone": the adapter's own code and its third-party deps (valibot), with
//     @colloquy/chat-core, @colloquy/provider-kit and @colloquy/sync-bridge external: what an
//     adapter adds to an app that already has the core.
//   - "with deps": everything bundled (chat-core, provider-kit, sync-bridge, eventsource-parser,
//     valibot, synckit).
// - app: what a browser/edge app using one provider ships: `AsyncChats` + `createXAsyncModels`
//   against `GoogleGenAI` of @google/genai, and `streamText` + the AI SDK provider.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { round, summarize } from '../lib/stats.mjs';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OURS_INTERNAL = ['@colloquy/chat-core', '@colloquy/provider-kit', '@colloquy/sync-bridge'];
const builtins = ['node:*', ...builtinModules];

async function bundleSize(contents, external = []) {
  const result = await build({
    stdin: { contents, resolveDir: benchDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: [...builtins, ...external],
  });
  const code = result.outputFiles[0].contents;
  const inputs = {};
  for (const [path, info] of Object.entries(result.metafile.outputs)) {
    for (const [input, bytes] of Object.entries(info.inputs)) {
      const pkg =
        /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ??
        /packages\/([^/]+)/.exec(input)?.[1] ??
        input;
      inputs[pkg] = (inputs[pkg] ?? 0) + bytes.bytesInOutput;
      void path;
    }
  }
  return {
    minBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    inputs,
  };
}

const packages = [
  { label: '@colloquy/chat-core', entry: "export * from '@colloquy/chat-core';", ours: 'core' },
  {
    label: '@colloquy/provider-gemini',
    entry: "export * from '@colloquy/provider-gemini';",
    ours: 'adapter',
  },
  {
    label: '@colloquy/provider-openai',
    entry: "export * from '@colloquy/provider-openai';",
    ours: 'adapter',
  },
  {
    label: '@colloquy/provider-anthropic',
    entry: "export * from '@colloquy/provider-anthropic';",
    ours: 'adapter',
  },
  { label: '@colloquy/provider-kit', entry: "export * from '@colloquy/provider-kit';" },
  { label: '@google/genai', entry: "export * from '@google/genai';" },
  { label: 'ai', entry: "export * from 'ai';" },
  { label: 'openai', entry: "export { default } from 'openai';" },
  { label: '@anthropic-ai/sdk', entry: "export { default } from '@anthropic-ai/sdk';" },
];

const apps = [
  {
    label: 'Colloquy: AsyncChats + createGeminiAsyncModels',
    entry:
      "export { AsyncChats } from '@colloquy/chat-core'; export { createGeminiAsyncModels } from '@colloquy/provider-gemini';",
  },
  {
    label: 'Colloquy: AsyncChats + createOpenAIAsyncModels',
    entry:
      "export { AsyncChats } from '@colloquy/chat-core'; export { createOpenAIAsyncModels } from '@colloquy/provider-openai';",
  },
  {
    label: 'Colloquy: AsyncChats + createAnthropicAsyncModels',
    entry:
      "export { AsyncChats } from '@colloquy/chat-core'; export { createAnthropicAsyncModels } from '@colloquy/provider-anthropic';",
  },
  { label: '@google/genai: GoogleGenAI', entry: "export { GoogleGenAI } from '@google/genai';" },
  {
    label: 'ai: streamText + createGoogleGenerativeAI',
    entry:
      "export { streamText } from 'ai'; export { createGoogleGenerativeAI } from '@ai-sdk/google';",
  },
  {
    label: 'ai: streamText + createOpenAI',
    entry: "export { streamText } from 'ai'; export { createOpenAI } from '@ai-sdk/openai';",
  },
  { label: 'openai: OpenAI', entry: "export { default } from 'openai';" },
  { label: '@anthropic-ai/sdk: Anthropic', entry: "export { default } from '@anthropic-ai/sdk';" },
];

const imports = [
  { label: '(empty: node startup only)', specifiers: [] },
  { label: '@colloquy/chat-core', specifiers: ['@colloquy/chat-core'] },
  {
    label: '@colloquy/chat-core + provider-gemini',
    specifiers: ['@colloquy/chat-core', '@colloquy/provider-gemini'],
  },
  {
    label: '@colloquy/chat-core + provider-openai',
    specifiers: ['@colloquy/chat-core', '@colloquy/provider-openai'],
  },
  {
    label: '@colloquy/chat-core + provider-anthropic',
    specifiers: ['@colloquy/chat-core', '@colloquy/provider-anthropic'],
  },
  { label: '@google/genai', specifiers: ['@google/genai'] },
  { label: 'ai + @ai-sdk/google', specifiers: ['ai', '@ai-sdk/google'] },
  { label: 'openai', specifiers: ['openai'] },
  { label: '@anthropic-ai/sdk', specifiers: ['@anthropic-ai/sdk'] },
];

/** Spawns a fresh node that imports the specifiers; returns [import ms, process wall ms]. */
function coldImport(specifiers) {
  const code = `const t = performance.now(); ${specifiers
    .map((s) => `await import(${JSON.stringify(s)});`)
    .join(' ')} console.log(performance.now() - t);`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: benchDir,
    encoding: 'utf8',
  });
  const wall = performance.now() - start;
  if (child.status !== 0) throw new Error(`import of ${specifiers} failed: ${child.stderr}`);
  return [Number(child.stdout.trim()), wall];
}

export async function run({ quick }) {
  const sizes = [];
  for (const pkg of packages) {
    const withDeps = await bundleSize(pkg.entry);
    const row = { label: pkg.label, ours: pkg.ours, withDeps };
    if (pkg.ours === 'adapter') row.alone = await bundleSize(pkg.entry, OURS_INTERNAL);
    sizes.push(row);
  }
  const appSizes = [];
  for (const app of apps) appSizes.push({ label: app.label, ...(await bundleSize(app.entry)) });

  const processes = quick ? 2 : 9;
  const importTimes = [];
  for (const item of imports) coldImport(item.specifiers); // warm the file-system cache
  const samples = imports.map(() => ({ importMs: [], wallMs: [] }));
  for (let p = 0; p < processes; p++) {
    imports.forEach((item, i) => {
      const [importMs, wallMs] = coldImport(item.specifiers);
      samples[i].importMs.push(importMs);
      samples[i].wallMs.push(wallMs);
    });
  }
  imports.forEach((item, i) => {
    importTimes.push({
      label: item.label,
      importMs: summarize(samples[i].importMs),
      wallMs: summarize(samples[i].wallMs),
    });
  });

  const KB = 1000;
  const targets = [];
  for (const row of sizes) {
    if (row.ours === 'core') {
      targets.push({
        id: 'weight-core',
        label: `${row.label}: min+gzip`,
        value: round(row.withDeps.gzipBytes / KB, 2),
        unit: 'kB',
        target: '≤ 10 kB',
        met: row.withDeps.gzipBytes <= 10 * KB,
        detail: `${round(row.withDeps.minBytes / KB, 1)} kB minified`,
      });
    }
    if (row.ours === 'adapter') {
      targets.push({
        id: `weight-${row.label.split('/')[1]}`,
        label: `${row.label}: min+gzip, alone (core, kit, bridge external)`,
        value: round(row.alone.gzipBytes / KB, 2),
        unit: 'kB',
        target: '≤ 10 kB',
        met: row.alone.gzipBytes <= 10 * KB,
        detail: `with all its dependencies: ${round(row.withDeps.gzipBytes / KB, 2)} kB`,
      });
    }
  }
  return {
    name: 'weight',
    notes: [
      'kB = 1,000 bytes. esbuild bundle + minify, platform browser, ESM, es2022; gzip level 9; Node built-ins external.',
      `Cold import: median of ${processes} fresh processes per package (interleaved), timing only the import() inside the process; "wall" is the whole process.`,
    ],
    sizes,
    apps: appSizes,
    imports: importTimes,
    targets,
  };
}
