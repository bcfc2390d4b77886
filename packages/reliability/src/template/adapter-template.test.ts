/**
 * Every adapter package follows docs/adapter-template.md: the same files, the same package.json
 * shape, a root entry holding only the create functions and option types/constants, converters
 * on `./internal`, and the blocking twin's rules. Adapters are found by folder
 * (`packages/provider-*`), so a new one is checked without being listed here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@colloquy/chat-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ownManifest = JSON.parse(
  readFileSync(join(packagesDir, 'reliability', 'package.json'), 'utf8'),
) as { devDependencies: Record<string, string> };

/** Not an adapter: the HTTP toolkit the adapters share. */
const NOT_ADAPTERS = new Set(['provider-kit']);
/** Adapters with no HTTP API: no converters, no key, no `./internal`. */
const WITHOUT_HTTP = new Set(['mock']);

interface Manifest {
  name: string;
  type?: string;
  sideEffects?: unknown;
  engines?: unknown;
  files?: unknown;
  main?: string;
  module?: string;
  types?: string;
  exports?: unknown;
}

interface Adapter {
  /** `gemini`, as in `provider-gemini`. */
  name: string;
  dir: string;
  manifest: Manifest;
  http: boolean;
}

const adapters: Adapter[] = readdirSync(packagesDir)
  .filter((entry) => entry.startsWith('provider-') && !NOT_ADAPTERS.has(entry))
  .map((entry) => {
    const dir = join(packagesDir, entry);
    const name = entry.slice('provider-'.length);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    return { name, dir, manifest, http: !WITHOUT_HTTP.has(name) };
  });

function entryPoint(file: string) {
  return {
    import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
    require: { types: `./dist/${file}.d.cts`, default: `./dist/${file}.cjs` },
  };
}

/** The names a root barrel re-exports, with the file each comes from. */
function barrelExports(source: string): Array<{ name: string; from: string; type: boolean }> {
  const found: Array<{ name: string; from: string; type: boolean }> = [];
  for (const match of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const [, wholeType, names = '', from = ''] = match;
    for (const raw of names.split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const type = wholeType !== undefined || item.startsWith('type ');
      const name = item
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop() as string;
      found.push({ name, from, type });
    }
  }
  return found;
}

/** The root entry, and the adapter's name as its create functions spell it (`OpenAI`). */
async function loadRoot(adapter: Adapter) {
  const root = (await import(adapter.manifest.name)) as Record<string, unknown>;
  const asyncName = Object.keys(root).find((key) => /^create\w+AsyncModels$/.test(key));
  expect(asyncName, 'a create<Name>AsyncModels export').toBeDefined();
  const Name = (asyncName as string).slice('create'.length, -'AsyncModels'.length);
  expect(Name.toLowerCase()).toBe(adapter.name);
  const create = (key: string) => root[key] as (options?: object) => unknown;
  return { root, Name, NAME: adapter.name.toUpperCase(), create };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

it('finds the adapters', () => {
  expect(adapters.map((a) => a.name).sort()).toEqual(
    expect.arrayContaining(['anthropic', 'gemini', 'mock', 'openai']),
  );
});

describe.each(adapters)('@colloquy/provider-$name', (adapter) => {
  const { name, dir, manifest, http } = adapter;

  it('is a dependency of this suite, so it is built before the suite runs', () => {
    expect(ownManifest.devDependencies[manifest.name]).toBe('workspace:*');
  });

  it("has the template's package.json", () => {
    expect(manifest.name).toBe(`@colloquy/provider-${name}`);
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.engines).toEqual({ node: '>=20' });
    expect(manifest.files).toEqual(['dist', 'README.md']);
    expect(manifest).toMatchObject({
      main: './dist/index.cjs',
      module: './dist/index.js',
      types: './dist/index.d.cts',
    });
    expect(manifest.exports).toEqual({
      '.': entryPoint('index'),
      ...(http ? { './internal': entryPoint('internal') } : {}),
      './package.json': './package.json',
    });
  });

  it('exports from its root only the create functions and the option types and constants', async () => {
    const { root, Name, NAME } = await loadRoot(adapter);

    const values = Object.keys(root).sort();
    const creates = [`create${Name}AsyncModels`, `create${Name}Models`];
    expect(values.filter((key) => !key.startsWith(`${NAME}_`))).toEqual(creates.sort());
    for (const key of creates) expect(typeof root[key]).toBe('function');
    for (const key of values.filter((k) => k.startsWith(`${NAME}_`))) {
      expect(typeof root[key], key).not.toBe('function');
    }

    // Types: the barrel re-exports option types and constants from <name>-options.ts and the
    // create functions from <name>-provider.ts; converters stay off the root.
    const barrel = barrelExports(readFileSync(join(dir, 'src/index.ts'), 'utf8'));
    for (const { name: exported, type } of barrel) {
      if (type) expect(exported, `type ${exported}`).toMatch(new RegExp(`^${Name}[A-Z]\\w*$`));
      else expect(values, `value ${exported}`).toContain(exported);
    }
    if (http) {
      const sources = new Set(barrel.map((entry) => entry.from));
      expect([...sources].sort()).toEqual([`./${name}-options`, `./${name}-provider`]);
      expect(barrel.filter((e) => e.type).map((e) => e.name)).toContain(`${Name}ProviderOptions`);
    }
  });
});

describe.each(adapters.filter((adapter) => adapter.http))(
  '@colloquy/provider-$name (HTTP adapter)',
  (adapter) => {
    const { name, dir, manifest } = adapter;

    it("has the template's files", () => {
      const files = [
        'README.md',
        'src/index.ts',
        'src/internal.ts',
        `src/${name}-provider.ts`,
        `src/${name}-options.ts`,
        `src/${name}-api.ts`,
        `src/convert-to-${name}-request.ts`,
        `src/convert-from-${name}-response.ts`,
        `src/${name}-stream-mapper.ts`,
        `src/map-${name}-finish-reason.ts`,
        `src/${name}-unsupported-settings.ts`,
      ];
      expect(files.filter((file) => !existsSync(join(dir, file)))).toEqual([]);
    });

    it('names its key variables and default URL the same way', async () => {
      const { root, NAME } = await loadRoot(adapter);
      const envVars = root[`${NAME}_API_KEY_ENV_VARS`];
      expect(Array.isArray(envVars) && envVars.length > 0).toBe(true);
      expect(Object.isFrozen(envVars)).toBe(true);
      expect(String(root[`${NAME}_DEFAULT_BASE_URL`])).toMatch(/^https:\/\//);
    });

    it('exposes its converters on ./internal', async () => {
      // Through the exports map, for both module systems.
      const require = createRequire(join(dir, 'package.json'));
      expect(require.resolve(`${manifest.name}/internal`)).toBe(join(dir, 'dist', 'internal.cjs'));
      const internal = (await import(`${manifest.name}/internal`)) as Record<string, unknown>;
      const { Name, NAME } = await loadRoot(adapter);
      for (const key of [
        `convertTo${Name}Request`,
        `convertFrom${Name}Response`,
        `map${Name}FinishReason`,
      ]) {
        expect(typeof internal[key], key).toBe('function');
      }
      // docs/adapter-template.md, "Settings a provider cannot honour".
      expect(typeof internal[`${NAME}_UNSUPPORTED_SETTINGS`]).toBe('object');
    });

    it('fails at creation without a key, async and blocking, naming the variable', async () => {
      const { root, Name, NAME, create } = await loadRoot(adapter);
      const envVars = root[`${NAME}_API_KEY_ENV_VARS`] as string[];
      for (const variable of envVars) vi.stubEnv(variable, '');
      for (const key of [`create${Name}AsyncModels`, `create${Name}Models`]) {
        const call = () => create(key)({});
        expect(call, key).toThrow(ConfigurationError);
        expect(call, key).toThrow(envVars[0]);
      }
    });

    it('refuses a fetch in the blocking twin, naming the provider and the async models', async () => {
      const { Name, create } = await loadRoot(adapter);
      const call = () => create(`create${Name}Models`)({ apiKey: 'k', fetch: globalThis.fetch });
      expect(call).toThrow(ConfigurationError);
      expect(call).toThrow(`create${Name}AsyncModels with AsyncChat`);
      expect(call).toThrow(expect.objectContaining({ provider: name }));
    });
  },
);
